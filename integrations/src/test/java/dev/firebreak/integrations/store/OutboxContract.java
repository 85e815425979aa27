package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.WorkQueue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The notification outbox: decisions recorded once with their timeline entry, delivered under the lease. */
abstract class OutboxContract extends StoreContract {

  @Test
  void outbox_recordsADecisionOnce_withItsTimelineEntryAndDeliveryWork() {
    long id = openIncident();
    Outbox.Decision decision =
        new Outbox.Decision(
            id,
            100,
            List.of(
                draft(Notification.Channel.SLACK, Notification.Action.POST, T0, false),
                draft(Notification.Channel.PAGERDUTY, Notification.Action.TRIGGER, T0, false)),
            List.of(
                new TimelineEntry(T0, TimelineKind.ESCALATED, "paging PagerDuty (default)", null)),
            false);
    assertThat(store.outbox().record(decision)).isTrue();
    assertThat(store.outbox().record(decision)).as("a replayed decision").isFalse();
    assertThat(store.outbox().of(id))
        .extracting(
            n -> n.channel().wireName() + ":" + n.action().wireName() + ":" + n.state().wireName())
        .containsExactly("slack:post:pending", "pagerduty:trigger:pending");
    assertThat(
            store.incidents().detail(id).orElseThrow().timeline().stream()
                .filter(entry -> entry.kind() == TimelineKind.ESCALATED))
        .hasSize(1);
    assertThat(store.events().eventsOf(id))
        .extracting(event -> event.kind().wireName())
        .contains("escalated");
    assertThat(store.work().dueCount(Outbox.WORK_KIND, T0)).isEqualTo(2);
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.OPEN);
    assertThat(store.outbox().pageState(id, "other")).isEqualTo(Outbox.PageState.NONE);
  }

  @Test
  void outbox_settlesUnderTheLease_inOrder_andHandsTheWorkBack() {
    long id = openIncident();
    store
        .outbox()
        .record(
            new Outbox.Decision(
                id,
                100,
                List.of(
                    draft(Notification.Channel.PAGERDUTY, Notification.Action.TRIGGER, T0, false)),
                List.of(),
                false));
    store
        .outbox()
        .record(
            new Outbox.Decision(
                id,
                101,
                List.of(
                    draft(Notification.Channel.PAGERDUTY, Notification.Action.RESOLVE, T0, false)),
                List.of(),
                false));
    WorkQueue.WorkClaim claim =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0, LEASE).orElseThrow();
    assertThat(claim.subject()).isEqualTo(id + "/pagerduty/default");
    List<Notification> open = store.outbox().open(claim.subject(), 10);
    assertThat(open)
        .extracting(Notification::action)
        .containsExactly(Notification.Action.TRIGGER, Notification.Action.RESOLVE);
    Outbox.Settlement failed =
        new Outbox.Settlement(
            Notification.State.FAILED, "503", null, Optional.empty(), Optional.empty());
    assertThat(store.outbox().settle(claim, open.get(0).id(), failed, T0.plusSeconds(30))).isTrue();
    assertThat(store.outbox().settle(claim, open.get(0).id(), failed, T0))
        .as("the lease was handed back")
        .isFalse();
    assertThat(store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(29), LEASE)).isEmpty();
    WorkQueue.WorkClaim again =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(30), LEASE).orElseThrow();
    Notification retried = store.outbox().open(again.subject(), 10).get(0);
    assertThat(retried.state()).isEqualTo(Notification.State.FAILED);
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.lastError()).isEqualTo("503");
    Outbox.Settlement sent =
        new Outbox.Settlement(
            Notification.State.SENT,
            null,
            "{\"status\":\"success\"}",
            Optional.empty(),
            Optional.empty());
    assertThat(store.outbox().settle(again, retried.id(), sent, T0.plusSeconds(31))).isTrue();
    WorkQueue.WorkClaim third =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(31), LEASE).orElseThrow();
    Notification resolve = store.outbox().open(third.subject(), 10).get(0);
    assertThat(resolve.action()).isEqualTo(Notification.Action.RESOLVE);
    assertThat(store.outbox().settle(third, resolve.id(), sent, T0.plusSeconds(32))).isTrue();
    assertThat(store.work().item(Outbox.WORK_KIND, third.subject()).orElseThrow().state())
        .isEqualTo("done");
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.NONE);
    assertThat(store.outbox().find(retried.id()).orElseThrow().sentAt()).isNotNull();
    assertThat(
            store
                .outbox()
                .counts()
                .get(Notification.Channel.PAGERDUTY)
                .get(Notification.State.SENT))
        .isEqualTo(2);
  }

  @Test
  void outbox_scheduledPagesAreCancelledByTheirIncidentsHandling_andGaveUpCanBeResent()
      throws Exception {
    long id = openIncident();
    store
        .outbox()
        .record(
            new Outbox.Decision(
                id,
                100,
                List.of(
                    draft(
                        Notification.Channel.PAGERDUTY,
                        Notification.Action.TRIGGER,
                        T0.plusSeconds(300),
                        true),
                    draft(Notification.Channel.SLACK, Notification.Action.POST, T0, false)),
                List.of(),
                false));
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.SCHEDULED);
    store.outbox().record(new Outbox.Decision(id, 101, List.of(), List.of(), true));
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.NONE);
    assertThat(store.outbox().of(id).get(0).state()).isEqualTo(Notification.State.CANCELLED);

    WorkQueue.WorkClaim claim =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0, LEASE).orElseThrow();
    assertThat(claim.subject()).isEqualTo(id + "/slack/C0INCIDENTS");
    Notification post = store.outbox().open(claim.subject(), 10).get(0);
    store
        .outbox()
        .settle(
            claim,
            post.id(),
            new Outbox.Settlement(
                Notification.State.GAVE_UP,
                "chat.postMessage: channel_not_found",
                null,
                Optional.of(new Outbox.SlackMessage("C0INCIDENTS", "1767259200.000100")),
                Optional.of(
                    new TimelineEntry(T0, TimelineKind.NOTIFICATION, "slack post gave up", null))),
            T0);
    assertThat(store.outbox().slackMessage(id, "C0INCIDENTS"))
        .contains(new Outbox.SlackMessage("C0INCIDENTS", "1767259200.000100"));
    assertThat(store.incidents().detail(id).orElseThrow().timeline())
        .extracting(entry -> entry.kind())
        .contains(TimelineKind.NOTIFICATION);
    assertThat(store.outbox().resend(post.id(), T0.plusSeconds(5))).isTrue();
    assertThat(store.outbox().resend(post.id(), T0.plusSeconds(5))).isFalse();
    store.close();
    store = reopen();
    Notification again = store.outbox().find(post.id()).orElseThrow();
    assertThat(again.state()).isEqualTo(Notification.State.PENDING);
    assertThat(again.attempts()).isZero();
    assertThat(store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(5), LEASE)).isPresent();
  }
}
