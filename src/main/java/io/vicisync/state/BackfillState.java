package io.vicisync.state;

/**
 * An unfinished backfill, saved after every batch so that running the same command again resumes
 * it: the range it resolved to, the table it is reading, and the last settled scan position.
 *
 * @param request the command's range as typed ({@code --minutes 120} keeps its first meaning)
 * @param table index into the list of tables the backfill reads, in order
 * @param afterCallDate with {@code afterUniqueid}, the scan position; null: the table's start
 * @param done calls read so far, for the progress display
 */
public record BackfillState(
    String request,
    String lowerLocal,
    String upperLocal,
    int table,
    String afterCallDate,
    String afterUniqueid,
    long done) {}
