"""People's accounts: username, argon2 password hash, role and region, in the `accounts` table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from argon2 import PasswordHasher
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Uuid,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from shared.auth.actor import Actor
from shared.auth.passwords import hash_password, verify_password
from shared.auth.roles import Role
from shared.errors import NotAuthenticatedError, ValidationFailedError
from shared.events.region import validate_region_code

_MAX_USERNAME = 64

ACCOUNTS_METADATA = MetaData()

accounts_table = Table(
    "accounts",
    ACCOUNTS_METADATA,
    Column("username", String(_MAX_USERNAME), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(32), nullable=False),
    Column("region_code", String(12), nullable=False),
    Column("display_name", String(100), nullable=False, default=""),
    Column("station_id", Uuid, nullable=True),
    Column("unit_id", String(64), nullable=True),
    Column("deputy_id", Uuid, nullable=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("sessions_valid_after", DateTime(timezone=True), nullable=True),
    # Tokens issued before this are refused: set when the account is disabled, its password or its role changes.
)

_PROFILE = ("role", "region_code", "display_name", "station_id", "unit_id", "deputy_id")


@dataclass(frozen=True)
class AccountSession:
    """What a request's token is checked against: whether the account may still sign in, and since when."""

    disabled: bool
    valid_after: datetime | None


class LoginFailedError(NotAuthenticatedError):
    """Raised when a login fails, for any reason, with one message that does not reveal usernames."""

    code = "LOGIN_FAILED"
    message = "用户名或密码错误"


class AccountStore(Protocol):
    """Where people's credentials are checked at login."""

    def authenticate(self, *, username: str, password: str) -> Actor:
        """The actor for a correct username and password; raises LoginFailedError otherwise."""
        ...


class SqlAccountStore:
    """Accounts kept in a SQL database through SQLAlchemy."""

    def __init__(self, engine: Engine, *, hasher: PasswordHasher | None = None) -> None:
        self._engine = engine
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    def create_schema(self) -> None:
        """Create the accounts table if it does not exist, and add any nullable column it gained since."""
        ACCOUNTS_METADATA.create_all(self._engine)
        # Accounts are not rebuilt by replay, so the table only ever grows by nullable columns.
        present = {column["name"] for column in inspect(self._engine).get_columns(accounts_table.name)}
        with self._engine.begin() as connection:
            for column in accounts_table.columns:
                if column.name not in present and column.nullable:
                    kind = column.type.compile(dialect=connection.dialect)
                    connection.execute(text(f'ALTER TABLE {accounts_table.name} ADD COLUMN "{column.name}" {kind}'))

    def create(
        self,
        *,
        username: str,
        password: str,
        role: Role,
        region_code: str,
        display_name: str = "",
        station_id: UUID | None = None,
        unit_id: str | None = None,
        deputy_id: UUID | None = None,
    ) -> None:
        """Create an account, or replace the one with that username (and enable it again)."""
        if not username or len(username) > _MAX_USERNAME or username != username.strip():
            raise ValidationFailedError("用户名不能为空，不能超过64个字符，首尾不能有空格", field="username")
        if not password:
            raise ValidationFailedError("密码不能为空", field="password")
        values: dict[str, Any] = {
            "username": username,
            "password_hash": hash_password(password, hasher=self._hasher),
            "role": Role(role).value,
            "region_code": validate_region_code(region_code),
            "display_name": display_name,
            "station_id": station_id,
            "unit_id": unit_id,
            "deputy_id": deputy_id,
            "disabled": False,
        }
        existing = self._row(username)
        if existing is not None and self._unchanged(existing, values, password=password):
            return  # the same account again (a demo seed run twice): its sessions stay valid
        # A changed role, region, link or password ends the sessions of the account as it was.
        values["sessions_valid_after"] = datetime.now(UTC) if existing is not None else None
        with self._engine.begin() as connection:
            dialect = connection.dialect.name
            if dialect in ("postgresql", "sqlite"):
                module = postgresql if dialect == "postgresql" else sqlite
                statement = module.insert(accounts_table).values(**values)
                changes = {name: statement.excluded[name] for name in values if name != "username"}
                connection.execute(statement.on_conflict_do_update(index_elements=["username"], set_=changes))
                return
            updated = connection.execute(
                update(accounts_table).where(accounts_table.c.username == username).values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(insert(accounts_table).values(**values))

    def _row(self, username: str) -> Any:
        with self._engine.connect() as connection:
            return connection.execute(select(accounts_table).where(accounts_table.c.username == username)).first()

    def _unchanged(self, row: Any, values: dict[str, Any], *, password: str) -> bool:
        same = not row.disabled and all(getattr(row, name) == values[name] for name in _PROFILE)
        return same and verify_password(password_hash=row.password_hash, password=password, hasher=self._hasher)

    def session(self, username: str) -> AccountSession | None:
        """The account's session state, or None when this service has no such account."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(accounts_table.c.disabled, accounts_table.c.sessions_valid_after).where(
                    accounts_table.c.username == username
                )
            ).first()
        if row is None:
            return None
        valid_after = row.sessions_valid_after
        if valid_after is not None and valid_after.tzinfo is None:
            valid_after = valid_after.replace(tzinfo=UTC)  # SQLite keeps no zone; we store UTC
        return AccountSession(disabled=bool(row.disabled), valid_after=valid_after)

    def change_password(self, username: str, password: str) -> None:
        """Set a new password; every token issued before is refused from the next request on."""
        if not password:
            raise ValidationFailedError("密码不能为空", field="password")
        with self._engine.begin() as connection:
            connection.execute(
                update(accounts_table)
                .where(accounts_table.c.username == username)
                .values(
                    password_hash=hash_password(password, hasher=self._hasher), sessions_valid_after=datetime.now(UTC)
                )
            )

    def disable(self, username: str) -> None:
        """Stop an account from logging in, and refuse its tokens from the next request on; its history stays."""
        with self._engine.begin() as connection:
            connection.execute(
                update(accounts_table)
                .where(accounts_table.c.username == username)
                .values(disabled=True, sessions_valid_after=datetime.now(UTC))
            )

    def authenticate(self, *, username: str, password: str) -> Actor:
        """The actor for a correct username and password of an enabled account; LoginFailedError otherwise."""
        with self._engine.connect() as connection:
            row = connection.execute(select(accounts_table).where(accounts_table.c.username == username)).first()
        if row is None:
            # Spend the same hashing time as for a real account, so timing does not reveal usernames.
            verify_password(password_hash=self._hash_for_unknown_user(), password=password, hasher=self._hasher)
            raise LoginFailedError()
        if not verify_password(password_hash=row.password_hash, password=password, hasher=self._hasher):
            raise LoginFailedError()
        if row.disabled:
            raise LoginFailedError()
        return Actor(
            id=row.username,
            role=Role(row.role),
            region_code=row.region_code,
            display_name=row.display_name,
            station_id=row.station_id,
            unit_id=row.unit_id,
            deputy_id=row.deputy_id,
        )

    def _hash_for_unknown_user(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = hash_password("unknown-user", hasher=self._hasher)
        return self._dummy_hash
