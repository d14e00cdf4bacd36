"""The township service (乡镇人大主席团 / 街道人大工委): routing opinions, supervising stations, reporting up."""
