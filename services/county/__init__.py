"""The county service (县人大常委会): deputies, suggestions, appointments, and the county roll-up."""
