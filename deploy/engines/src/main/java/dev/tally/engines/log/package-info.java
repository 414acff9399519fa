/**
 * The ledger log as tests and benchmarks write and read it: {@link dev.tally.engines.log.EnvelopeWriter} sends
 * envelopes exactly as the write side's relay publishes them (CloudEvents binary mode, key = stream id),
 * {@link dev.tally.engines.log.LogSequence} numbers them as the event store does (dense global positions,
 * consecutive stream versions), {@link dev.tally.engines.log.LedgerEnvelopes} wraps a ledger event,
 * {@link dev.tally.engines.log.Topics} creates the topic and {@link dev.tally.engines.log.TopicScan} reads it back.
 *
 * <p>Compiled against tally-envelope, tally-events-schema and kafka-clients without bringing them along: the module
 * that uses this package has them already.
 */
package dev.tally.engines.log;
