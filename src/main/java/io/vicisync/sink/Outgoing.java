package io.vicisync.sink;

/** One post: the call's JSON body and the key that makes a repeat of it recognisable. */
public record Outgoing(String uniqueid, byte[] json, String idempotencyKey) {}
