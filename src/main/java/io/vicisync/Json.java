package io.vicisync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The process's one Jackson mapper. Building a mapper and its serializers costs milliseconds of CPU
 * each, and cron pays them every minute: every class that writes or reads JSON shares this.
 */
public final class Json {
  /** Compact output; state files tolerate fields they don't know, never a null primitive. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** For state files people read. */
  public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private Json() {}
}
