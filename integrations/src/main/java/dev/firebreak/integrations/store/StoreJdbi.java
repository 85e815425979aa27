package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Jdbi on one of the store's pools, speaking the store's column conventions: instants as
 * microseconds since the epoch (Jdbi's own mapping would use timestamps), and the row mappers
 * of the tables every role reads.
 */
final class StoreJdbi {

  private StoreJdbi() {}

  static Jdbi on(DataSource pool) {
    Jdbi jdbi = Jdbi.create(pool);
    jdbi.registerArgument(new InstantAsMicros());
    jdbi.registerColumnMapper(
        Instant.class,
        (rows, column, context) -> {
          long micros = rows.getLong(column);
          return rows.wasNull() ? null : Times.instant(micros);
        });
    jdbi.registerRowMapper(Incident.class, (rows, context) -> IncidentRows.incident(rows));
    jdbi.registerRowMapper(StoredSignal.class, (rows, context) -> IncidentRows.signal(rows));
    jdbi.registerRowMapper(TimelineEntry.class, (rows, context) -> IncidentRows.timeline(rows));
    return jdbi;
  }

  private static final class InstantAsMicros extends AbstractArgumentFactory<Instant> {

    InstantAsMicros() {
      super(Types.BIGINT);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      long micros = Times.micros(value);
      return (position, statement, context) -> statement.setLong(position, micros);
    }
  }
}
