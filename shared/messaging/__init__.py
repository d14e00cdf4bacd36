"""Kafka transport: the relay (store → topics) and the projection runner (topics → read models)."""
