package dev.tally.projection.runtime;

/** The ACTIVE generation's number and its stored frontier position, as the periodic re-read finds them. */
public record ActiveFrontier(int generation, long position) {
}
