-- Single-row counter that hands out global positions. Appenders bump it with UPDATE ... RETURNING as the last
-- statement of their transaction: the row lock serialises position assignment until COMMIT, so positions
-- become visible strictly in order and a rollback returns its numbers (no holes). See dev.tally.eventstore.EventStore.
CREATE TABLE eventstore.position_counter (
    id    int    NOT NULL,
    value bigint NOT NULL,
    CONSTRAINT position_counter_pk PRIMARY KEY (id),
    CONSTRAINT position_counter_single_row CHECK (id = 1),
    CONSTRAINT position_counter_not_negative CHECK (value >= 0)
) WITH (fillfactor = 10); -- room on the page for HOT updates of the one hot row

INSERT INTO eventstore.position_counter (id, value) VALUES (1, 0);
