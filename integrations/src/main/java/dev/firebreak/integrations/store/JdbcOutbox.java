package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.Notification.Action;
import dev.firebreak.analysis.model.Notification.Channel;
import dev.firebreak.analysis.model.Notification.State;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.WorkQueue.WorkClaim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notification outbox on SQLite or PostgreSQL ({@code notifications}, {@code
 * slack_messages}, {@code notification_decisions}). Delivery work is a {@code notify} item of
 * the work queue per (incident, channel, target), asked for in the decision's transaction and
 * handed back in the transaction that settles each message, so the queue and the outbox never
 * disagree.
 */
final class JdbcOutbox implements Outbox {

  private static final int MAX_TEXT = 4000;
  private static final String COLUMNS =
      "id, incident_id, event_id, channel, target, action, text, state, due_at, unless_handled,"
          + " attempts, last_error, response, created_at, updated_at, sent_at";

  private final Transactor db;
  private final Dialect dialect;

  JdbcOutbox(Transactor db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  @Override
  public List<Decision> record(List<Decision> decisions) {
    Instant now = Instant.now();
    return db.write(
        connection -> {
          List<Decision> written = new ArrayList<>();
          Map<String, Instant> due = new LinkedHashMap<>();
          try (PreparedStatement mark =
                  connection.prepareStatement(
                      "INSERT INTO notification_decisions (event_id, decided_at) VALUES (?, ?)"
                          + " ON CONFLICT (event_id) DO NOTHING");
              PreparedStatement cancel =
                  connection.prepareStatement(
                      "UPDATE notifications SET state = 'cancelled', updated_at = ?, last_error ="
                          + " 'the incident was handled before the page was due'"
                          + " WHERE incident_id = ? AND channel = 'pagerduty' AND unless_handled = 1"
                          + " AND state IN ('pending', 'failed')");
              PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO notifications (incident_id, event_id, channel, target, action,"
                          + " text, state, due_at, unless_handled, attempts, created_at, updated_at)"
                          + " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, 0, ?, ?)"
                          + " ON CONFLICT (event_id, channel, target, action) DO NOTHING")) {
            for (Decision decision : decisions) {
              mark.setLong(1, decision.eventId());
              Times.set(mark, 2, now);
              if (mark.executeUpdate() == 0) {
                continue;
              }
              written.add(decision);
              if (decision.cancelScheduled()) {
                Times.set(cancel, 1, now);
                cancel.setLong(2, decision.incidentId());
                cancel.executeUpdate();
              }
              for (Draft draft : decision.drafts()) {
                insert.setLong(1, decision.incidentId());
                insert.setLong(2, decision.eventId());
                insert.setString(3, draft.channel().wireName());
                insert.setString(4, draft.target());
                insert.setString(5, draft.action().wireName());
                insert.setString(6, clip(draft.text()));
                Times.set(insert, 7, draft.dueAt());
                insert.setInt(8, draft.unlessHandled() ? 1 : 0);
                Times.set(insert, 9, now);
                Times.set(insert, 10, now);
                insert.executeUpdate();
                due.merge(
                    Notification.subject(decision.incidentId(), draft.channel(), draft.target()),
                    draft.dueAt(),
                    (a, b) -> a.isBefore(b) ? a : b);
              }
              for (TimelineEntry entry : decision.timeline()) {
                IncidentRows.appendTimelineWithEvent(
                    connection, dialect, decision.incidentId(), entry);
              }
            }
          }
          for (Map.Entry<String, Instant> subject : due.entrySet()) {
            JdbcWorkQueue.enqueue(
                connection, WORK_KIND, subject.getKey(), subject.getValue(), "", WORK_ATTEMPTS);
          }
          return written;
        });
  }

  @Override
  public List<Notification> of(long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM notifications WHERE incident_id = ? ORDER BY id")) {
            query.setLong(1, incidentId);
            return notifications(query);
          }
        });
  }

  @Override
  public Optional<Notification> find(long id) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM notifications WHERE id = ?")) {
            query.setLong(1, id);
            return notifications(query).stream().findFirst();
          }
        });
  }

  @Override
  public PageState pageState(long incidentId, String target) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT action, state, unless_handled FROM notifications WHERE incident_id = ?"
                      + " AND channel = 'pagerduty' AND target = ?"
                      + " AND state NOT IN ('cancelled', 'coalesced', 'gave_up')"
                      + " ORDER BY id DESC LIMIT 1")) {
            query.setLong(1, incidentId);
            query.setString(2, target);
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return PageState.NONE;
              }
              Action action = Action.fromWireName(rows.getString("action"));
              boolean waiting =
                  State.fromWireName(rows.getString("state")).isOpen()
                      && rows.getInt("unless_handled") == 1;
              if (action == Action.RESOLVE) {
                return PageState.NONE;
              }
              return waiting ? PageState.SCHEDULED : PageState.OPEN;
            }
          }
        });
  }

  @Override
  public List<Notification> open(String subject, int limit) {
    Place place = Place.of(subject);
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM notifications WHERE incident_id = ? AND channel = ? AND target = ?"
                      + " AND state IN ('pending', 'failed') ORDER BY id LIMIT ?")) {
            query.setLong(1, place.incidentId);
            query.setString(2, place.channel.wireName());
            query.setString(3, place.target);
            query.setInt(4, limit);
            return notifications(query);
          }
        });
  }

  @Override
  public boolean settle(
      WorkClaim claim, long notificationId, Settlement settlement, Instant notBefore) {
    Instant now = Instant.now();
    return db.write(
        connection -> {
          if (!JdbcWorkQueue.holds(
              connection, dialect, claim.kind(), claim.subject(), claim.token())) {
            return false;
          }
          boolean attempted =
              settlement.state() == State.SENT
                  || settlement.state() == State.FAILED
                  || settlement.response() != null;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE notifications SET state = ?, attempts = attempts + ?, last_error = ?,"
                      + " response = COALESCE(?, response), updated_at = ?,"
                      + " sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?")) {
            update.setString(1, settlement.state().wireName());
            update.setInt(2, attempted || settlement.state() == State.GAVE_UP ? 1 : 0);
            update.setString(3, clip(settlement.error()));
            update.setString(4, clip(settlement.response()));
            Times.set(update, 5, now);
            update.setString(6, settlement.state().wireName());
            Times.set(update, 7, now);
            update.setLong(8, notificationId);
            update.executeUpdate();
          }
          if (settlement.slackMessage().isPresent()) {
            Place place = Place.of(claim.subject());
            try (PreparedStatement save =
                connection.prepareStatement(
                    "INSERT INTO slack_messages (incident_id, channel, channel_id, ts)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (incident_id, channel) DO NOTHING")) {
              save.setLong(1, place.incidentId);
              save.setString(2, place.target);
              save.setString(3, settlement.slackMessage().get().channelId());
              save.setString(4, settlement.slackMessage().get().ts());
              save.executeUpdate();
            }
          }
          if (settlement.timeline().isPresent()) {
            IncidentRows.appendTimelineWithEvent(
                connection,
                dialect,
                Place.of(claim.subject()).incidentId,
                settlement.timeline().get());
          }
          handBack(connection, claim, notBefore);
          return true;
        });
  }

  @Override
  public boolean handBack(WorkClaim claim, Instant notBefore) {
    return db.write(
        connection -> {
          if (!JdbcWorkQueue.holds(
              connection, dialect, claim.kind(), claim.subject(), claim.token())) {
            return false;
          }
          handBack(connection, claim, notBefore);
          return true;
        });
  }

  private static void handBack(Connection connection, WorkClaim claim, Instant notBefore)
      throws SQLException {
    Place place = Place.of(claim.subject());
    Instant next = null;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT MIN(due_at) FROM notifications WHERE incident_id = ? AND channel = ?"
                + " AND target = ? AND state IN ('pending', 'failed')")) {
      query.setLong(1, place.incidentId);
      query.setString(2, place.channel.wireName());
      query.setString(3, place.target);
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next()) {
          long due = rows.getLong(1);
          if (!rows.wasNull()) {
            next = Times.instant(due);
          }
        }
      }
    }
    if (next == null) {
      JdbcWorkQueue.release(
          connection, claim.kind(), claim.subject(), claim.token(), "done", null, null);
    } else {
      Instant due = next.isBefore(notBefore) ? notBefore : next;
      JdbcWorkQueue.release(
          connection, claim.kind(), claim.subject(), claim.token(), "pending", due, null);
    }
  }

  @Override
  public Optional<SlackMessage> slackMessage(long incidentId, String channel) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT channel_id, ts FROM slack_messages WHERE incident_id = ? AND channel = ?")) {
            query.setLong(1, incidentId);
            query.setString(2, channel);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next()
                  ? Optional.of(new SlackMessage(rows.getString(1), rows.getString(2)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean resend(long id, Instant now) {
    Optional<Notification> found = find(id);
    if (found.isEmpty() || found.get().state() != State.GAVE_UP) {
      return false;
    }
    return db.write(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE notifications SET state = 'pending', attempts = 0, last_error = NULL,"
                      + " due_at = ?, updated_at = ? WHERE id = ? AND state = 'gave_up'")) {
            Times.set(update, 1, now);
            Times.set(update, 2, now);
            update.setLong(3, id);
            if (update.executeUpdate() == 0) {
              return false;
            }
          }
          JdbcWorkQueue.enqueue(
              connection, WORK_KIND, found.get().subject(), now, "", WORK_ATTEMPTS);
          return true;
        });
  }

  @Override
  public Map<Channel, Map<State, Long>> counts() {
    return db.read(
        connection -> {
          Map<Channel, Map<State, Long>> counts = new EnumMap<>(Channel.class);
          for (Channel channel : Channel.values()) {
            Map<State, Long> states = new EnumMap<>(State.class);
            for (State state : State.values()) {
              states.put(state, 0L);
            }
            counts.put(channel, states);
          }
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT channel, state, COUNT(*) FROM notifications GROUP BY channel, state");
              ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              counts
                  .get(Channel.fromWireName(rows.getString(1)))
                  .put(State.fromWireName(rows.getString(2)), rows.getLong(3));
            }
          }
          return counts;
        });
  }

  private static List<Notification> notifications(PreparedStatement query) throws SQLException {
    List<Notification> found = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        found.add(
            new Notification(
                rows.getLong("id"),
                rows.getLong("incident_id"),
                rows.getLong("event_id"),
                Channel.fromWireName(rows.getString("channel")),
                rows.getString("target"),
                Action.fromWireName(rows.getString("action")),
                rows.getString("text"),
                State.fromWireName(rows.getString("state")),
                Times.get(rows, "due_at"),
                rows.getInt("unless_handled") == 1,
                rows.getInt("attempts"),
                rows.getString("last_error"),
                rows.getString("response"),
                Times.get(rows, "created_at"),
                Times.get(rows, "updated_at"),
                Times.get(rows, "sent_at")));
      }
    }
    return found;
  }

  private static String clip(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }

  /** An incident, channel and target, from a delivery subject. */
  private record Place(long incidentId, Channel channel, String target) {
    static Place of(String subject) {
      int first = subject.indexOf('/');
      int second = subject.indexOf('/', first + 1);
      if (first < 0 || second < 0) {
        throw new IllegalArgumentException("not a notification subject: " + subject);
      }
      return new Place(
          Long.parseLong(subject.substring(0, first)),
          Channel.fromWireName(subject.substring(first + 1, second)),
          subject.substring(second + 1));
    }
  }
}
