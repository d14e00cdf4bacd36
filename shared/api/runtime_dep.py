"""The service's runtime as a typed FastAPI dependency: routes ask for `RuntimeDep` instead of `app.state`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.runtime import ServiceRuntime


def service_runtime(request: Request) -> ServiceRuntime:
    """The runtime the service's composition root attached to its app."""
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(service_runtime)]
