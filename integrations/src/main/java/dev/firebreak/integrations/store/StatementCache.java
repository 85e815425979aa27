package dev.firebreak.integrations.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A view of a connection whose {@code prepareStatement(sql)} hands out one statement per SQL
 * text for as long as the cache lives, and whose statements ignore {@code close()}. Correlating
 * a batch runs the same dozen statements for every signal; compiling them each time cost more
 * than running them. The code using it stays ordinary JDBC with try-with-resources.
 */
final class StatementCache implements AutoCloseable {

  private final Connection target;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, PreparedStatement> shared = new HashMap<>();
  private final Connection view;

  StatementCache(Connection target) {
    this.target = target;
    this.view =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("prepareStatement")
                      && args != null
                      && args.length == 1) {
                    return prepare((String) args[0]);
                  }
                  return invoke(target, method, args);
                });
  }

  Connection connection() {
    return view;
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = shared.get(sql);
    if (statement == null) {
      PreparedStatement real = target.prepareStatement(sql);
      statements.put(sql, real);
      statement =
          (PreparedStatement)
              Proxy.newProxyInstance(
                  PreparedStatement.class.getClassLoader(),
                  new Class<?>[] {PreparedStatement.class},
                  (proxy, method, args) ->
                      method.getName().equals("close") ? null : invoke(real, method, args));
      shared.put(sql, statement);
    }
    return statement;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Closes the real statements. */
  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    statements.clear();
    shared.clear();
    if (first != null) {
      throw first;
    }
  }
}
