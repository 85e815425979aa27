package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway at {@code -Xmx256m}, attacked for a bounded time from other loopback
 * addresses by hundreds of concurrent unsigned 500 kB PagerDuty bodies and hundreds of clients
 * trickling a body at one byte a second, while a normal Alertmanager sender keeps posting and
 * {@code /health} is probed. Nothing may answer 500, the process must not run out of memory,
 * {@code /health} must never miss a second three probes in a row (what a kubelet, with its
 * defaults, would act on), and every alert of the normal sender must be stored.
 */
@Tag("e2e")
class ResourceExhaustionIT {

  private static final String TOKEN = "resource-test-token";
  private static final Duration ATTACK = Duration.ofSeconds(20);
  private static final int FLOODERS = 200;
  private static final int TRICKLERS = 300;
  private static final int ATTACKER_ADDRESSES = 6;
  private static final byte[] LARGE_BODY = largeBody(500_000);

  @TempDir Path directory;

  @Test
  void unsignedFloodsAndSlowClients_neverStarveHealthNorAGoodSender() throws Exception {
    int port = Repository.freePort();
    Map<String, String> settings =
        Map.of(
            "FIREBREAK_DATABASE_URL",
            "jdbc:sqlite:" + directory.resolve("firebreak.db"),
            "FIREBREAK_HOST",
            "127.0.0.1",
            "FIREBREAK_ALERTMANAGER_TOKEN",
            TOKEN,
            "FIREBREAK_PAGERDUTY_SECRETS",
            "resource-test-secret",
            "FIREBREAK_API_READ_TOKEN",
            TOKEN,
            // What floods do to the HTTP layer is the subject; the embedding model's CPU on two
            // cores is another (measured by the intake benchmark, see the README).
            "FIREBREAK_MEMORY",
            "off");
    try (ManagedProcess gateway =
        GatewayProcess.start(directory, port, settings, "gateway", "-Xmx256m")) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      // The client's own first request loads and starts its machinery; keep that out of the
      // figures, which are about the gateway.
      http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.discarding());
      AtomicBoolean attacking = new AtomicBoolean(true);
      Map<Integer, AtomicLong> floodAnswers = new ConcurrentHashMap<>();
      Map<Integer, AtomicLong> trickleAnswers = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(FLOODERS + 3);
      long deadline = System.nanoTime() + ATTACK.toNanos();

      for (int i = 0; i < FLOODERS; i++) {
        String from = "127.0.0." + (2 + i % ATTACKER_ADDRESSES);
        pool.submit(
            () -> {
              while (attacking.get() && System.nanoTime() < deadline) {
                count(floodAnswers, flood(from, port));
                // A refused sender comes back at once, as a hostile one would, but not in a loop
                // that would make this test's own process the bottleneck of a two-core machine.
                Thread.sleep(100);
              }
              return null;
            });
      }
      pool.submit(
          () -> {
            trickle(port, deadline, trickleAnswers);
            return null;
          });

      List<Long> healthMillis = new ArrayList<>();
      var health =
          pool.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  long started = System.nanoTime();
                  HttpResponse<String> response =
                      http.send(
                          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                              .timeout(Duration.ofSeconds(5))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                  synchronized (healthMillis) {
                    healthMillis.add(response.statusCode() == 200 ? millis : Long.MAX_VALUE);
                  }
                  Thread.sleep(100);
                }
                return null;
              });

      List<String> sent = new ArrayList<>();
      var sender =
          pool.submit(
              () -> {
                for (int group = 0; System.nanoTime() < deadline; group++) {
                  String name = "Normal" + group;
                  int status = 0;
                  for (int attempt = 0; attempt < 40 && status != 202; attempt++) {
                    status = postAlertmanager(http, port, name);
                    if (status >= 500 && status != 503) {
                      unexpected.add("normal sender got " + status);
                    }
                    if (status != 202) {
                      Thread.sleep(250);
                    }
                  }
                  assertThat(status).as("group " + name).isEqualTo(202);
                  sent.add(name);
                  Thread.sleep(100);
                }
                return null;
              });

      health.get(ATTACK.toSeconds() + 30, TimeUnit.SECONDS);
      sender.get(ATTACK.toSeconds() + 30, TimeUnit.SECONDS);
      attacking.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

      System.out.printf(
          "flood answers %s, trickle answers %s, health probes %d (max %d ms),"
              + " normal groups %d%n",
          floodAnswers,
          trickleAnswers,
          healthMillis.size(),
          healthMillis.stream().mapToLong(Long::longValue).max().orElse(-1),
          sent.size());
      assertThat(gateway.process().isAlive()).as(gateway.logText()).isTrue();
      assertThat(gateway.logText())
          .doesNotContain("OutOfMemoryError")
          .doesNotContain("unexpected failure");
      assertThat(unexpected).isEmpty();
      assertThat(floodAnswers.keySet())
          .as(floodAnswers.toString())
          .allSatisfy(status -> assertThat(status).isIn(-1, 401, 408, 413, 503));
      assertThat(floodAnswers.getOrDefault(401, new AtomicLong()).get()).isPositive();
      assertThat(trickleAnswers.keySet())
          .as(trickleAnswers.toString())
          .allSatisfy(status -> assertThat(status).isIn(-1, 408, 503));
      // Starved is what a kubelet would act on: three probes in a row failing their 1 s timeout
      // (its defaults). One slow probe (a GC pause on 2 shared cores) is not starvation.
      assertThat(healthMillis)
          .hasSizeGreaterThan(10)
          .allSatisfy(millis -> assertThat(millis).isLessThan(5000));
      assertThat(longestRunOverASecond(healthMillis)).as(healthMillis.toString()).isLessThan(3);
      assertThat(sent).hasSizeGreaterThan(10);

      HttpResponse<String> incidents =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/api/incidents?limit=500"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String name : sent) {
        assertThat(incidents.body()).contains("\"" + name + "\"");
      }
    }
  }

  /** One unsigned (wrongly signed) 500 kB PagerDuty body sent at full speed; its status. */
  private static int flood(String from, int port) {
    try (Socket socket = connect(from, port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /webhooks/pagerduty HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nX-PagerDuty-Signature: v1="
                  + "ab".repeat(32)
                  + "\r\nContent-Length: "
                  + LARGE_BODY.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(LARGE_BODY);
        out.flush();
      } catch (IOException e) {
        // Answered and closed before the whole body was sent: read the answer.
      }
      return status(socket.getInputStream());
    } catch (IOException e) {
      return -1;
    }
  }

  /** Clients that send headers, then one byte a second, until the gateway cuts them off. */
  private static void trickle(int port, long deadline, Map<Integer, AtomicLong> answers)
      throws InterruptedException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < TRICKLERS; i++) {
      try {
        Socket socket =
            connect("127.0.0." + (2 + ATTACKER_ADDRESSES + i % ATTACKER_ADDRESSES), port);
        socket
            .getOutputStream()
            .write(
                ("POST /webhooks/alertmanager HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                        + TOKEN
                        + "\r\nContent-Length: 100000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        sockets.add(socket);
      } catch (IOException e) {
        count(answers, -1);
      }
    }
    while (!sockets.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      for (var it = sockets.iterator(); it.hasNext(); ) {
        Socket socket = it.next();
        try {
          if (socket.getInputStream().available() > 0) {
            count(answers, status(socket.getInputStream()));
            socket.close();
            it.remove();
            continue;
          }
          socket.getOutputStream().write(' ');
        } catch (IOException e) {
          count(answers, -1);
          it.remove();
        }
      }
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static Socket connect(String from, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return socket;
  }

  private static int status(InputStream in) throws IOException {
    byte[] head = in.readNBytes(12);
    String line = new String(head, StandardCharsets.US_ASCII);
    return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
  }

  private static void count(Map<Integer, AtomicLong> answers, int status) {
    answers.computeIfAbsent(status, key -> new AtomicLong()).incrementAndGet();
  }

  private static int postAlertmanager(HttpClient http, int port, String name) {
    String body =
        """
        {"version":"4","groupKey":"{}:{alertname=\\"%s\\"}","status":"firing","receiver":"fb",
         "groupLabels":{"alertname":"%s"},"commonLabels":{},"commonAnnotations":{},
         "externalURL":"http://alertmanager:9093","truncatedAlerts":0,
         "alerts":[{"status":"firing","fingerprint":"%s",
           "labels":{"alertname":"%s","service":"%s"},"annotations":{"summary":"%s"},
           "startsAt":"2026-11-21T10:53:28.956Z","endsAt":"0001-01-01T00:00:00Z"}]}
        """
            // A service per group: each is its own problem, its own incident in the list.
            .formatted(
                name,
                name,
                Integer.toHexString(name.hashCode()),
                name,
                name.toLowerCase(java.util.Locale.ROOT),
                name);
    try {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + TOKEN)
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static byte[] largeBody(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    byte[] start =
        "{\"event\":{\"id\":\"flood\",\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(start, 0, body, 0, start.length);
    body[size - 3] = '"';
    body[size - 2] = '}';
    body[size - 1] = '}';
    return body;
  }

  /** The most probes in a row that took a second or more (or failed). */
  private static int longestRunOverASecond(List<Long> millis) {
    int longest = 0;
    int run = 0;
    for (long value : millis) {
      run = value >= 1000 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
