-- Event payloads become protobuf messages (common.v1.Event.payload, a google.protobuf.Any).
-- New rows store the serialized Any in `payload` and its type URL in `payload_type`;
-- `payload_json` stays, nullable, for rows written before this migration: the relay
-- still delivers those (as a google.protobuf.StringValue holding the JSON text).
ALTER TABLE outbox_events
  MODIFY payload_json TEXT NULL,
  ADD COLUMN payload_type VARCHAR(160) NULL AFTER occurred_at_ms,
  ADD COLUMN payload MEDIUMBLOB NULL AFTER payload_type;
