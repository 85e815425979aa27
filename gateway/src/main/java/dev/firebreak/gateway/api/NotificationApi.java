package dev.firebreak.gateway.api;

import static dev.firebreak.gateway.api.IncidentApi.id;
import static dev.firebreak.gateway.api.IncidentApi.rejectUnknownParameters;
import static dev.firebreak.gateway.api.IncidentApi.unavailableOnStoreFailure;

import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.http.ApiException;
import dev.firebreak.gateway.notify.Notifications;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An incident's notifications and their delivery: {@code GET
 * /api/incidents/{id}/notifications}, and {@code POST
 * /api/incidents/{id}/notifications/{nid}/resend} for one that gave up. Mounted before {@link
 * IncidentApi}, whose authentication covers these paths.
 */
public final class NotificationApi {

  private final IncidentStore store;
  private final Notifications notifications;
  private final Clock clock;

  private NotificationApi(IncidentStore store, Notifications notifications, Clock clock) {
    this.store = store;
    this.notifications = notifications;
    this.clock = clock;
  }

  public static void mount(
      JavalinDefaultRoutingApi app,
      GatewayConfig config,
      IncidentStore store,
      Notifications notifications,
      Clock clock) {
    NotificationApi api = new NotificationApi(store, notifications, clock);
    app.get("/api/incidents/{id}/notifications", api::list);
    app.post("/api/incidents/{id}/notifications/{nid}/resend", api::resend);
  }

  private void list(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    requireIncident(id);
    List<Notification> found = unavailableOnStoreFailure(() -> store.outbox().of(id));
    ctx.json(Map.of("items", found.stream().map(NotificationApi::json).toList()));
  }

  private void resend(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    long nid;
    try {
      nid = Long.parseLong(ctx.pathParam("nid"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("notification id must be a whole number");
    }
    Notification message =
        unavailableOnStoreFailure(() -> store.outbox().find(nid))
            .filter(found -> found.incidentId() == id)
            .orElseThrow(
                () -> ApiException.notFound("incident " + id + " has no notification " + nid));
    if (message.state() != Notification.State.GAVE_UP) {
      throw ApiException.conflict(
          "notification "
              + nid
              + " is "
              + message.state().wireName()
              + "; only one that gave up can be re-sent");
    }
    boolean queued = unavailableOnStoreFailure(() -> store.outbox().resend(nid, clock.instant()));
    if (!queued) {
      throw ApiException.conflict("notification " + nid + " changed meanwhile; look again");
    }
    notifications.wake();
    ctx.status(202);
    ctx.json(json(unavailableOnStoreFailure(() -> store.outbox().find(nid)).orElseThrow()));
  }

  private void requireIncident(long id) {
    if (unavailableOnStoreFailure(() -> store.incidents().summary(id)).isEmpty()) {
      throw ApiException.notFound("no incident " + id);
    }
  }

  static Map<String, Object> json(Notification message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", message.id());
    out.put("incidentId", message.incidentId());
    out.put("eventId", message.eventId());
    out.put("channel", message.channel().wireName());
    out.put("target", message.target());
    out.put("action", message.action().wireName());
    out.put("text", message.text());
    out.put("state", message.state().wireName());
    out.put("dueAt", message.dueAt().toString());
    out.put("unlessHandled", message.unlessHandled());
    out.put("attempts", message.attempts());
    out.put("lastError", message.lastError());
    out.put("response", message.response());
    out.put("createdAt", message.createdAt().toString());
    out.put("updatedAt", message.updatedAt().toString());
    out.put("sentAt", message.sentAt() == null ? null : message.sentAt().toString());
    return out;
  }
}
