package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document is valid to a real OpenAPI parser, names every operation and
 * describes exactly the routes the gateway serves.
 */
class OpenApiTest {

  @TempDir Path directory;

  @Test
  void openApi_isValidAndListsEveryRouteAndNothingElse() {
    try (TestGateway gateway = TestGateway.start(directory, Map.of())) {
      var response = gateway.get("/api/openapi.yaml");
      assertThat(response.statusCode()).isEqualTo(200);
      ParseOptions options = new ParseOptions();
      options.setResolve(true);
      SwaggerParseResult parsed =
          new OpenAPIV3Parser().readContents(response.body(), null, options);
      assertThat(parsed.getMessages()).as("parser messages").isEmpty();
      OpenAPI document = parsed.getOpenAPI();

      Set<String> documented = new TreeSet<>();
      Set<String> operationIds = new HashSet<>();
      document
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach(
                          (method, operation) -> {
                            String route = method.name() + " " + path;
                            documented.add(route);
                            assertThat(operation.getOperationId())
                                .as(route + " operationId")
                                .isNotBlank();
                            assertThat(operationIds.add(operation.getOperationId()))
                                .as(route + " operationId is unique")
                                .isTrue();
                            assertThat(operation.getResponses()).as(route).isNotEmpty();
                            operation
                                .getResponses()
                                .forEach(
                                    (status, answer) ->
                                        assertThat(
                                                answer.get$ref() != null
                                                    || answer.getDescription() != null)
                                            .as(route + " " + status + " is described")
                                            .isTrue());
                          }));
      assertThat(documented).isEqualTo(new TreeSet<>(gateway.gateway.routes()));
    }
  }
}
