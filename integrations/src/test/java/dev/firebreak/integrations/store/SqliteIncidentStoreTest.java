package dev.firebreak.integrations.store;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Every role's contract on SQLite, each test on a file of its own. */
class SqliteIncidentStoreTest {

  @TempDir Path directory;

  final TestDatabase sqlite =
      new TestDatabase() {
        @Override
        public JdbcIncidentStore create() {
          return reopen();
        }

        @Override
        public JdbcIncidentStore reopen() {
          return JdbcIncidentStore.open("jdbc:sqlite:" + directory.resolve("firebreak.db"), 2);
        }
      };

  @Nested
  class IntakeLog extends IntakeLogContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class Incidents extends IncidentsContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class Investigations extends InvestigationsContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class IncidentEvents extends IncidentEventsContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class WorkQueue extends WorkQueueContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class Outbox extends OutboxContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class Remediations extends RemediationsContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class Memory extends MemoryContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class Postmortems extends PostmortemsContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }

  @Nested
  class Feedback extends FeedbackContract {
    @Override
    TestDatabase database() {
      return sqlite;
    }
  }
}
