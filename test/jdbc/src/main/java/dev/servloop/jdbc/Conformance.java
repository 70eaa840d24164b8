package dev.servloop.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an analyst's SQL tool does with the official ClickHouse JDBC driver, against the analysts'
 * endpoint: connect, read DatabaseMetaData (tables and columns of the database in the URL), run
 * queries with typed results, and get SQLExceptions for what the endpoint refuses.
 *
 * <p>Usage: Conformance JDBC_URL USER PASSWORD IN.json OUT.json, where IN.json is
 * {"database": …, "connections": [{"label", "properties": {driver property: value}}],
 * "queries": [{"id", "sql", "params": {name: value}}], "refused": [{"id", "sql"}]}; for each
 * connection OUT.json gets the metadata, each query's columns (name, ClickHouse type, JDBC type,
 * Java class) and rows, and each refusal's SQLException; with "cityHash128Lengths" it also gets
 * the driver's CityHash128 of sample inputs of those lengths. Query parameters written `{name:Type}` (the
 * ClickHouse placeholders of docs/analysts.md) are bound as JDBC `?` parameters, as a tool would.
 */
public final class Conformance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+):[^}]+\\}");

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: Conformance JDBC_URL USER PASSWORD IN.json OUT.json");
      System.exit(2);
    }
    JsonNode in = JSON.readTree(new File(args[3]));
    ObjectNode out = F.objectNode();
    ObjectNode runs = out.putObject("connections");
    for (JsonNode connectionSpec : in.get("connections")) {
      Properties props = new Properties();
      props.setProperty("user", args[1]);
      props.setProperty("password", args[2]);
      for (Iterator<Map.Entry<String, JsonNode>> it = connectionSpec.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        props.setProperty(p.getKey(), p.getValue().asText());
      }
      ObjectNode result = runs.putObject(connectionSpec.get("label").asText());
      try (Connection connection = DriverManager.getConnection(args[0], props)) {
        result.set("metadata", metadata(connection, in.get("database").asText()));
        ObjectNode queries = result.putObject("queries");
        for (JsonNode q : in.get("queries")) queries.set(q.get("id").asText(), run(connection, q));
        ObjectNode refused = result.putObject("refused");
        for (JsonNode q : in.path("refused")) refused.set(q.get("id").asText(), refuse(connection, q));
      }
    }
    // The checksum of ClickHouse's compressed blocks as the driver computes it, for the endpoint's
    // own CityHash128 to be compared with on inputs of every length class.
    ArrayNode hashes = out.putArray("cityHash128");
    for (JsonNode n : in.path("cityHash128Lengths")) {
      byte[] data = sample(n.asInt());
      @SuppressWarnings("deprecation")
      long[] h = com.clickhouse.data.ClickHouseCityHash.cityHash128(data, 0, data.length);
      hashes.addArray().add(n.asInt()).add(Long.toUnsignedString(h[0])).add(Long.toUnsignedString(h[1]));
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(new File(args[4]), out);
  }

  private static ObjectNode metadata(Connection connection, String database) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    ObjectNode out = F.objectNode();
    out.put("product", md.getDatabaseProductName());
    out.put("productVersion", md.getDatabaseProductVersion());
    out.put("driver", md.getDriverName() + " " + md.getDriverVersion());
    ArrayNode schemas = out.putArray("schemas");
    try (ResultSet rs = md.getSchemas()) {
      while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
    }
    ArrayNode tables = out.putArray("tables");
    try (ResultSet rs = md.getTables(null, database, "%", null)) {
      while (rs.next()) {
        ObjectNode t = tables.addObject();
        t.put("schema", rs.getString("TABLE_SCHEM"));
        t.put("name", rs.getString("TABLE_NAME"));
        t.put("type", rs.getString("TABLE_TYPE"));
      }
    }
    ArrayNode primaryKeys = out.putArray("primaryKeys");
    for (JsonNode t : tables) {
      try (ResultSet rs = md.getPrimaryKeys(null, database, t.get("name").asText())) {
        while (rs.next()) {
          ObjectNode k = primaryKeys.addObject();
          k.put("table", rs.getString("TABLE_NAME"));
          k.put("column", rs.getString("COLUMN_NAME"));
        }
      }
    }
    ArrayNode typeNames = out.putArray("typeInfo");
    try (ResultSet rs = md.getTypeInfo()) {
      while (rs.next()) typeNames.add(rs.getString("TYPE_NAME"));
    }
    ArrayNode columns = out.putArray("columns");
    try (ResultSet rs = md.getColumns(null, database, "%", "%")) {
      while (rs.next()) {
        ObjectNode c = columns.addObject();
        c.put("table", rs.getString("TABLE_NAME"));
        c.put("name", rs.getString("COLUMN_NAME"));
        c.put("typeName", rs.getString("TYPE_NAME"));
        c.put("dataType", rs.getInt("DATA_TYPE"));
        c.put("nullable", rs.getInt("NULLABLE"));
        c.put("position", rs.getInt("ORDINAL_POSITION"));
      }
    }
    return out;
  }

  private static ObjectNode run(Connection connection, JsonNode q) throws SQLException {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(q.get("sql").asText());
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      names.add(m.group(1));
      m.appendReplacement(sql, "?");
    }
    m.appendTail(sql);
    ObjectNode out = F.objectNode();
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < names.size(); i++) {
        JsonNode value = q.path("params").get(names.get(i));
        if (value == null) throw new IllegalArgumentException(q.get("id").asText() + ": no value for " + names.get(i));
        ps.setString(i + 1, value.asText());
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        ArrayNode columns = out.putArray("columns");
        for (int i = 1; i <= md.getColumnCount(); i++) {
          ObjectNode c = columns.addObject();
          c.put("name", md.getColumnLabel(i));
          c.put("type", md.getColumnTypeName(i));
          c.put("jdbcType", md.getColumnType(i));
          c.put("className", md.getColumnClassName(i));
        }
        ArrayNode rows = out.putArray("rows");
        ArrayNode classes = out.putArray("valueClasses");
        for (int i = 1; i <= md.getColumnCount(); i++) classes.addNull();
        while (rs.next()) {
          ArrayNode row = rows.addArray();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v != null && classes.get(i - 1).isNull()) classes.set(i - 1, F.textNode(v.getClass().getName()));
            row.add(value(v));
          }
        }
      }
    }
    return out;
  }

  private static ObjectNode refuse(Connection connection, JsonNode q) {
    ObjectNode out = F.objectNode();
    try (Statement s = connection.createStatement()) {
      String sql = q.get("sql").asText();
      if (sql.trim().toUpperCase().startsWith("SELECT")) {
        try (ResultSet rs = s.executeQuery(sql)) {
          out.put("rows", rs.next() ? "some" : "none");
        }
      } else {
        out.put("updated", s.executeUpdate(sql));
      }
    } catch (SQLException e) {
      out.put("sqlException", e.getClass().getName());
      out.put("errorCode", e.getErrorCode());
      out.put("sqlState", e.getSQLState());
      out.put("message", e.getMessage());
    }
    return out;
  }

  /** Deterministic bytes: byte i of a sample of length n is (i * 131 + n * 7) mod 256. */
  private static byte[] sample(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) ((i * 131 + n * 7) & 0xff);
    return b;
  }

  /** A JDBC value as JSON: exact integers as decimal strings, instants in UTC ISO form. */
  private static JsonNode value(Object v) throws SQLException {
    if (v == null) return F.nullNode();
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long || v instanceof BigInteger)
      return F.textNode(v.toString());
    if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? F.textNode(d.toString()) : F.numberNode(d);
    if (v instanceof Float f) return f.isNaN() || f.isInfinite() ? F.textNode(f.toString()) : F.numberNode(f.doubleValue());
    if (v instanceof BigDecimal b) return F.textNode(b.toPlainString());
    if (v instanceof Boolean b) return F.booleanNode(b);
    if (v instanceof String s) return F.textNode(s);
    if (v instanceof LocalDate d) return F.textNode(d.toString());
    if (v instanceof java.sql.Date d) return F.textNode(d.toLocalDate().toString());
    if (v instanceof LocalDateTime d) return F.textNode(d.toString());
    if (v instanceof ZonedDateTime d) return F.textNode(DateTimeFormatter.ISO_INSTANT.format(d.toInstant()));
    if (v instanceof OffsetDateTime d) return F.textNode(DateTimeFormatter.ISO_INSTANT.format(d.toInstant()));
    if (v instanceof Instant d) return F.textNode(DateTimeFormatter.ISO_INSTANT.format(d));
    if (v instanceof Timestamp t) return F.textNode(DateTimeFormatter.ISO_INSTANT.format(t.toInstant()));
    if (v instanceof Array a) return value(a.getArray());
    if (v instanceof Collection<?> c) {
      ArrayNode out = F.arrayNode();
      for (Object o : c) out.add(value(o));
      return out;
    }
    if (v.getClass().isArray()) {
      ArrayNode out = F.arrayNode();
      for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) out.add(value(java.lang.reflect.Array.get(v, i)));
      return out;
    }
    return F.textNode(v.toString());
  }
}
