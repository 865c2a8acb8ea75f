package io.vicisync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md is the newcomer's map: every class, member, file and path it names in {@code
 * code} exists, so that a rename or a move fails here until the map says it too.
 */
class ArchitectureDocTest {
  private static final Path DOC = Path.of("docs/ARCHITECTURE.md");
  private static final Path MAIN = Path.of("src/main/java/io/vicisync");
  private static final Path ROOTS_TEST = Path.of("src/test/java/io/vicisync");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|record|enum|interface)\\s+([A-Z]\\w*)");

  /** Each type declared in main or test code, by simple name, with the file declaring it. */
  private static Map<String, List<Path>> types() throws IOException {
    Map<String, List<Path>> types = new HashMap<>();
    for (Path root : List.of(MAIN, ROOTS_TEST)) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = TYPE.matcher(Files.readString(f, StandardCharsets.UTF_8));
          while (m.find()) {
            types.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
          }
        }
      }
    }
    return types;
  }

  /**
   * Whether {@code member} is declared in {@code file}: a method, field, nested type or constant.
   */
  private static boolean declares(Path file, String member) throws IOException {
    String src = Files.readString(file, StandardCharsets.UTF_8);
    String m = Pattern.quote(member);
    return Pattern.compile(
            "(\\w[\\w<>,.? \\[\\]]*\\s+"
                + m
                + "\\s*\\()" // a method
                + "|(\\w[\\w<>,.? \\[\\]]*\\s+"
                + m
                + "\\s*(=|;))" // a field
                + "|((class|record|enum|interface)\\s+"
                + m
                + "\\b)" // a nested type
                + "|(^\\s*"
                + m
                + "\\s*[(,;]\\s*)", // an enum constant
            Pattern.MULTILINE)
        .matcher(src)
        .find();
  }

  /** Whether a constant of that name is declared in main or test code. */
  private static boolean constant(String name) throws IOException {
    Pattern p = Pattern.compile("\\s" + name + "\\s*=");
    for (Path root : List.of(MAIN, ROOTS_TEST)) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path f : s.filter(x -> x.toString().endsWith(".java")).toList()) {
          if (p.matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Test
  void everyClassMemberAndFileTheMapNamesExists() throws IOException {
    Map<String, List<Path>> types = types();
    List<String> missing = new ArrayList<>();
    String doc = Files.readString(DOC, StandardCharsets.UTF_8).replaceAll("(?s)```.*?```", "");
    Matcher code = CODE.matcher(doc);
    int checked = 0;
    while (code.find()) {
      String t = code.group(1);
      if (t.contains("…") || t.contains("*") || t.contains(" ") || t.startsWith("-")) {
        continue; // a pattern or a setting, not a name
      }
      if (t.matches("[\\w.-]+\\.(sql|conf|json|jsonl|yml|md|sh|prom)")) {
        continue; // a file of VICIdial's or of an installation, named by its name alone
      }
      if (t.matches("(src|packaging|docs)/.*")) {
        checked++;
        if (!Files.exists(Path.of(t))) {
          missing.add(t + " (no such path)");
        }
        continue;
      }
      if (t.matches("[A-Z][A-Z_]+")) {
        checked++;
        if (!constant(t)) {
          missing.add(t + " (no such constant)");
        }
        continue;
      }
      Matcher q =
          Pattern.compile("(?:((?:[a-z]+/)*[a-z]+)/)?([A-Z]\\w*)(?:\\.(java|\\w+))?").matcher(t);
      if (!q.matches()) {
        continue;
      }
      checked++;
      String pkg = q.group(1);
      String type = q.group(2);
      String member = q.group(3);
      List<Path> files = types.getOrDefault(type, List.of());
      if (pkg != null) {
        files = files.stream().filter(f -> f.getParent().endsWith(Path.of(pkg))).toList();
      }
      if (files.isEmpty()) {
        missing.add(t + " (no type " + type + (pkg == null ? "" : " in " + pkg) + ")");
      } else if (member != null && !member.equals("java")) {
        boolean found = false;
        for (Path f : files) {
          found |= declares(f, member);
        }
        if (!found) {
          missing.add(t + " (" + type + " declares no " + member + ")");
        }
      }
    }
    assertThat(checked).as("names checked").isGreaterThan(100);
    assertThat(missing).isEmpty();
  }
}
