package io.vicisync.state;

/**
 * VICIdial's manual-dial hang-up rewrites a call's uniqueid. When the call had already been sent
 * under the old id, later content is sent under that old id too, so the receiver keeps one record.
 */
public record Alias(String uniqueid, String postedAs, long until) {}
