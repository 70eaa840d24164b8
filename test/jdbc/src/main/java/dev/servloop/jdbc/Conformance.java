package dev.servloop.jdbc;

import java.sql.*;

public final class Conformance {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 AS x")) {
      while (rs.next()) System.out.println(rs.getObject(1));
    }
  }
}
