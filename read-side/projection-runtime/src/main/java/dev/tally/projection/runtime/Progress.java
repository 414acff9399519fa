package dev.tally.projection.runtime;

/** A generation's stored frontier position and durable counters ({@code <view>.progress}). */
public record Progress(int generation, long frontier, long applied, long redelivered, long deadLettered,
                       long skipped, long ignored) {
}
