package dev.firebreak.integrations.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What an undo changes in a pod template, as an approver reads it: images first. */
final class TemplateDiff {

  private TemplateDiff() {}

  static String of(PodTemplateSpec from, PodTemplateSpec to) {
    Map<String, Container> before = byName(from);
    Map<String, Container> after = byName(to);
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, Container> container : after.entrySet()) {
      Container old = before.get(container.getKey());
      if (old == null) {
        changes.add("container " + container.getKey() + " added");
      } else if (!Objects.equals(old.getImage(), container.getValue().getImage())) {
        changes.add(
            "container "
                + container.getKey()
                + ": image "
                + old.getImage()
                + " → "
                + container.getValue().getImage());
      } else if (!old.equals(container.getValue())) {
        changes.add("container " + container.getKey() + ": settings change");
      }
    }
    for (String name : before.keySet()) {
      if (!after.containsKey(name)) {
        changes.add("container " + name + " removed");
      }
    }
    return changes.isEmpty() ? "pod template metadata changes" : String.join("; ", changes);
  }

  private static Map<String, Container> byName(PodTemplateSpec template) {
    if (template.getSpec() == null || template.getSpec().getContainers() == null) {
      return Map.of();
    }
    return template.getSpec().getContainers().stream()
        .collect(
            Collectors.toMap(
                Container::getName,
                Function.identity(),
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }
}
