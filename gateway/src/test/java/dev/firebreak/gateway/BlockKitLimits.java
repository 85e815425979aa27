package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Slack's Block Kit limits, as the Slack SDKs validate them: a message Slack would refuse with
 * {@code invalid_blocks} fails the test instead.
 */
final class BlockKitLimits {

  private BlockKitLimits() {}

  static void check(JsonNode blocks) {
    assertThat(blocks.isArray()).isTrue();
    assertThat(blocks.size()).isBetween(1, 50);
    for (JsonNode block : blocks) {
      String type = block.get("type").asText();
      if (block.has("block_id")) {
        assertThat(block.get("block_id").asText()).hasSizeLessThanOrEqualTo(255);
      }
      switch (type) {
        case "header" -> {
          assertThat(block.get("text").get("type").asText()).isEqualTo("plain_text");
          assertThat(block.get("text").get("text").asText()).hasSizeBetween(1, 150);
        }
        case "section" -> {
          assertThat(block.has("text") || block.has("fields")).isTrue();
          if (block.has("text")) {
            assertThat(block.get("text").get("text").asText()).hasSizeBetween(1, 3000);
          }
          if (block.has("fields")) {
            assertThat(block.get("fields").size()).isBetween(1, 10);
            for (JsonNode field : block.get("fields")) {
              assertThat(field.get("text").asText()).hasSizeBetween(1, 2000);
            }
          }
        }
        case "context" -> assertThat(block.get("elements").size()).isBetween(1, 10);
        case "actions" -> {
          assertThat(block.get("elements").size()).isBetween(1, 25);
          for (JsonNode button : block.get("elements")) {
            assertThat(button.get("type").asText()).isEqualTo("button");
            assertThat(button.get("text").get("text").asText()).hasSizeBetween(1, 75);
            assertThat(button.get("action_id").asText()).hasSizeBetween(1, 255);
            assertThat(button.get("value").asText()).hasSizeLessThanOrEqualTo(2000);
          }
        }
        case "divider" -> {}
        default -> throw new AssertionError("unexpected block type " + type);
      }
    }
  }
}
