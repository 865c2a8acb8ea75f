package io.vicisync.state.disk;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state files' records as JSON, through jackson-core's streaming parser and generator: a
 * record's components in their order, nulls written, unknown fields skipped, a null or a wrong type
 * for a number refused. The same text databind writes, for a fraction of the CPU: cron reads and
 * writes a checkpoint and a status every minute, and building databind's mapper cost it more than
 * the rest of an idle run together.
 */
final class RecordJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RecordJson() {}

  /** {@code value}, indented as people read it, or on one line (for a .jsonl file). */
  static byte[] write(Record value, boolean pretty) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      write(g, value);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long n) {
      g.writeNumber(n);
    } else if (v instanceof Integer n) {
      g.writeNumber(n);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Enum<?> e) {
      g.writeString(e.name());
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Record r) {
      g.writeStartObject();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        g.writeFieldName(c.getName());
        write(g, get(c, r));
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("no JSON for a " + v.getClass().getName());
    }
  }

  private static Object get(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("a record's accessor is public", e);
    }
  }

  /**
   * The record in {@code bytes}; null for a JSON {@code null}. Throws {@link JsonParseException}
   * (its message says what is wrong) for anything but a {@code type}.
   */
  static <T extends Record> T read(byte[] bytes, Class<T> type) throws IOException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      p.nextToken();
      T value = type.cast(read(p, type));
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "more than one JSON value");
      }
      return value;
    }
  }

  /** The value at the parser's current token, as {@code type}. */
  private static Object read(JsonParser p, Type type) throws IOException {
    JsonToken t = p.currentToken();
    Class<?> c =
        type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
    if (t == null) {
      throw new JsonParseException(p, "no JSON value");
    }
    if (t == JsonToken.VALUE_NULL) {
      if (c.isPrimitive()) {
        throw new JsonParseException(p, "null where a number or true/false belongs");
      }
      return null;
    }
    if (c == String.class) {
      return want(p, t, JsonToken.VALUE_STRING, "a string").getText();
    }
    if (c == long.class || c == Long.class) {
      return want(p, t, JsonToken.VALUE_NUMBER_INT, "a whole number").getLongValue();
    }
    if (c == int.class || c == Integer.class) {
      return want(p, t, JsonToken.VALUE_NUMBER_INT, "a whole number").getIntValue();
    }
    if (c == boolean.class || c == Boolean.class) {
      if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
        throw new JsonParseException(p, "expected true or false, found " + t);
      }
      return t == JsonToken.VALUE_TRUE;
    }
    if (c.isEnum()) {
      String name = want(p, t, JsonToken.VALUE_STRING, "a name").getText();
      for (Object o : c.getEnumConstants()) {
        if (((Enum<?>) o).name().equals(name)) {
          return o;
        }
      }
      throw new JsonParseException(p, "unknown value \"" + name + "\"");
    }
    if (c == List.class) {
      want(p, t, JsonToken.START_ARRAY, "a list");
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      List<Object> l = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        l.add(read(p, element));
      }
      return l;
    }
    if (c == Map.class) {
      want(p, t, JsonToken.START_OBJECT, "an object");
      Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
      Map<String, Object> m = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        m.put(key, read(p, value));
      }
      return m;
    }
    if (c.isRecord()) {
      return readRecord(p, c);
    }
    throw new IllegalArgumentException("no JSON for a " + c.getName());
  }

  private static Object readRecord(JsonParser p, Class<?> c) throws IOException {
    want(p, p.currentToken(), JsonToken.START_OBJECT, "an object");
    RecordComponent[] cs = c.getRecordComponents();
    Object[] args = new Object[cs.length];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      int i = index(cs, p.currentName());
      p.nextToken();
      if (i < 0) {
        p.skipChildren(); // a field of a later version: not ours to judge
      } else {
        args[i] = read(p, cs[i].getGenericType());
      }
    }
    Class<?>[] types = new Class<?>[cs.length];
    for (int i = 0; i < cs.length; i++) {
      types[i] = cs[i].getType();
      if (args[i] == null && types[i].isPrimitive()) {
        args[i] = missing(types[i]); // absent, as in a file written before it existed
      }
    }
    try {
      Constructor<?> k = c.getDeclaredConstructor(types);
      return k.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new JsonParseException(p, String.valueOf(e.getCause().getMessage()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("a record has its canonical constructor", e);
    }
  }

  private static Object missing(Class<?> primitive) {
    if (primitive == boolean.class) {
      return Boolean.FALSE;
    }
    if (primitive == int.class) {
      return Integer.valueOf(0);
    }
    return Long.valueOf(0);
  }

  private static int index(RecordComponent[] cs, String name) {
    for (int i = 0; i < cs.length; i++) {
      if (cs[i].getName().equals(name)) {
        return i;
      }
    }
    for (int i = 0; i < cs.length; i++) {
      JsonAlias a = alias(cs[i]);
      if (a != null && List.of(a.value()).contains(name)) {
        return i;
      }
    }
    return -1;
  }

  /** A component's former names: the annotation lands on its field, not on the component. */
  private static JsonAlias alias(RecordComponent c) {
    try {
      return c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(JsonAlias.class);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static JsonParser want(JsonParser p, JsonToken t, JsonToken wanted, String what)
      throws JsonParseException {
    if (t != wanted) {
      throw new JsonParseException(p, "expected " + what + ", found " + t);
    }
    return p;
  }
}
