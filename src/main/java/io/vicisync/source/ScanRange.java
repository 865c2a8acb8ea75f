package io.vicisync.source;

/**
 * The {@code call_date} range one poll reads, as server-local text, and the database clock ({@code
 * upperEpoch}) at which it was taken. It is the whole local image of an epoch interval, so it
 * widens by an hour when a DST fall-back lies inside it.
 */
public record ScanRange(String lowerLocal, String upperLocal, long upperEpoch) {}
