package dev.firebreak.analysis.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrainParserTest {

  @Test
  void masker_replacesVariablesWithWildcards() {
    assertThat(
            LogMasker.tokens(
                "Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106"
                    + " dest: /10.250.19.102:50010"))
        .containsExactly("Receiving", "block", "<*>", "src:", "<*>", "dest:", "<*>");
    assertThat(
            LogMasker.tokens(
                "[instance: 6f1e1a9b-83c2-4f4b-9f7c-0e6d4a1f2b3c] VM Paused"
                    + " (Lifecycle Event)"))
        .containsExactly("instance:", "<*>", "VM", "Paused", "Lifecycle", "Event");
    assertThat(LogMasker.tokens("connect to 0xdeadbeef01 failed: timeout"))
        .containsExactly("connect", "to", "<*>", "failed:", "timeout");
  }

  @Test
  void masker_keepsKeysAndDropsUnitsAndAsidesOfValues() {
    assertThat(LogMasker.tokens("updateNotificationShade: total=3, active=1,state=idle"))
        .containsExactly("updateNotificationShade:", "total=<*>,", "active=<*>,state=idle");
    assertThat(LogMasker.tokens("estimated size 93.0 B, free 317.1 KB"))
        .containsExactly("estimated", "size", "<*>", "free", "<*>");
    assertThat(LogMasker.tokens("451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec"))
        .isEqualTo(LogMasker.tokens("0 bytes sent, 0 bytes received, lifetime 00:01"));
    assertThat(LogMasker.tokens("request failed (connection refused)"))
        .containsExactly("request", "failed", "connection", "refused");
  }

  @Test
  void groupsMessagesOfOneEventAndKeepsOthersApart() {
    List<String> messages = new ArrayList<>();
    String[] users = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    for (int i = 0; i < users.length; i++) {
      messages.add("Accepted password for " + users[i] + " from 10.0.0." + i + " port 22");
      messages.add("Connection closed by 10.0.1." + i + " [preauth]");
    }
    messages.add("VM Paused (Lifecycle Event)");
    messages.add("VM Started (Lifecycle Event)");
    messages.add("VM Paused (Lifecycle Event)");

    List<LogTemplate> parsed = BrainParser.defaults().parse(messages);

    assertThat(parsed).hasSize(messages.size());
    assertThat(parsed.get(0).text()).isEqualTo("Accepted password for <*> from <*> port <*>");
    assertThat(parsed.get(0).count()).isEqualTo(users.length);
    assertThat(parsed.get(2)).isSameAs(parsed.get(0));
    assertThat(parsed.get(1).text()).isEqualTo("Connection closed by <*> preauth");
    assertThat(parsed.get(1)).isNotEqualTo(parsed.get(0));
    int vm = users.length * 2;
    assertThat(parsed.get(vm).text()).isEqualTo("VM Paused Lifecycle Event");
    assertThat(parsed.get(vm + 1).text()).isEqualTo("VM Started Lifecycle Event");
    assertThat(parsed.get(vm + 2)).isSameAs(parsed.get(vm));
    assertThat(parsed.stream().map(LogTemplate::id).distinct()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aColumnIsAVariableFromTheThresholdOfDistinctWords() {
    List<String> few = List.of("job alpha done", "job beta done", "job alpha done");
    assertThat(new BrainParser(3).parse(few).stream().map(LogTemplate::text).distinct())
        .containsExactly("job alpha done", "job beta done");
    List<String> many = List.of("job alpha done", "job beta done", "job gamma done");
    assertThat(new BrainParser(3).parse(many).stream().map(LogTemplate::text).distinct())
        .containsExactly("job <*> done");
    assertThat(BrainParser.defaults().parse(List.of())).isEmpty();
    assertThatThrownBy(() -> new BrainParser(1)).isInstanceOf(IllegalArgumentException.class);
  }
}
