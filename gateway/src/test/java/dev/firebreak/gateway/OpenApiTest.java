package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document describes exactly the routes the gateway serves. */
class OpenApiTest {

  @TempDir Path directory;

  @Test
  void openApi_listsEveryRouteAndNothingElse() {
    try (TestGateway gateway = TestGateway.start(directory, Map.of())) {
      var response = gateway.get("/api/openapi.yaml");
      assertThat(response.statusCode()).isEqualTo(200);
      Set<String> documented = new TreeSet<>();
      String path = null;
      Matcher matcher = Pattern.compile("(?m)^  (/\\S*):$|^    (get|post|put|delete):")
          .matcher(response.body());
      while (matcher.find()) {
        if (matcher.group(1) != null) {
          path = matcher.group(1);
        } else {
          documented.add(matcher.group(2).toUpperCase() + " " + path);
        }
      }
      Set<String> served = new TreeSet<>();
      gateway.gateway.app().unsafeConfig().pvt.internalRouter.allHttpHandlers().forEach(entry -> {
        var endpoint = entry.getEndpoint();
        if (endpoint.getMethod().isHttpMethod()) {
          served.add(endpoint.getMethod().name() + " " + endpoint.getPath());
        }
      });
      assertThat(documented).isEqualTo(served);
    }
  }
}
