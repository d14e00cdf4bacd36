"""The station service (代表联络站): stations, receptions, voters' opinions, offline terminals."""
