package dev.firebreak.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.correlate.CorrelationWorker;
import dev.firebreak.analysis.correlate.Correlator;
import dev.firebreak.analysis.diagnose.Diagnoser;
import dev.firebreak.analysis.diagnose.LlmRefiner;
import dev.firebreak.analysis.diagnose.Redactor;
import dev.firebreak.analysis.diagnose.RuleBook;
import dev.firebreak.analysis.intake.Intake;
import dev.firebreak.analysis.investigate.InvestigationWorker;
import dev.firebreak.analysis.investigate.Investigator;
import dev.firebreak.analysis.notify.Notifier;
import dev.firebreak.analysis.port.Component;
import dev.firebreak.analysis.port.EvidenceSource;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.Investigations;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.analysis.remediate.Remediator;
import dev.firebreak.analysis.work.EventFollower;
import dev.firebreak.analysis.work.EventRetention;
import dev.firebreak.gateway.api.IncidentApi;
import dev.firebreak.gateway.api.MemoryApi;
import dev.firebreak.gateway.api.NotificationApi;
import dev.firebreak.gateway.api.RemediationApi;
import dev.firebreak.gateway.config.DiagnosisConfig;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.evidence.EvidenceSources;
import dev.firebreak.gateway.http.ConnectionsPerClient;
import dev.firebreak.gateway.http.ErrorResponses;
import dev.firebreak.gateway.metrics.GatewayMetrics;
import dev.firebreak.gateway.metrics.OperationsRoutes;
import dev.firebreak.gateway.notify.Notifications;
import dev.firebreak.gateway.remediate.Remediation;
import dev.firebreak.gateway.remediate.RemediationGauges;
import dev.firebreak.gateway.trace.Telemetry;
import dev.firebreak.gateway.trace.TracedIntakeLog;
import dev.firebreak.gateway.webhook.SlackInteractions;
import dev.firebreak.gateway.webhook.WebhookRoutes;
import dev.firebreak.integrations.chroma.ChromaVectorIndex;
import dev.firebreak.integrations.llm.LangChain4jLlm;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import dev.firebreak.learning.Memory;
import dev.firebreak.learning.embed.MiniLmEmbedder;
import dev.firebreak.learning.outcome.LearnedExperience;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place where configuration and components are wired into a
 * Javalin app. {@link #create} builds it without starting anything, so tests build exactly the
 * app that production runs.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final GatewayConfig config;
  private final IncidentStore store;
  private final Intake intake;
  private final CorrelationWorker correlation;
  private final Optional<InvestigationWorker> investigation;
  private final ExecutorService sourcePool;
  private final OkHttpClient http;
  private final WebhookRoutes webhooks;
  private final Javalin app;
  private final Set<String> routes;
  private final EventRetention eventRetention;
  private final Optional<Memory> memory;
  private final Notifications notifications;
  private final Remediation remediation;
  private final List<String> evidenceSources;
  private final Telemetry telemetry;
  private volatile Consumer<String> onWorkerDeath =
      worker -> {
        Thread exit = new Thread(() -> System.exit(70), "firebreak-exit");
        exit.start();
      };

  private Gateway(
      GatewayConfig config,
      IncidentStore store,
      Intake intake,
      CorrelationWorker correlation,
      Optional<InvestigationWorker> investigation,
      ExecutorService sourcePool,
      OkHttpClient http,
      WebhookRoutes webhooks,
      Javalin app,
      Set<String> routes,
      Optional<Memory> memory,
      Notifications notifications,
      Remediation remediation,
      List<String> evidenceSources,
      Telemetry telemetry,
      Clock clock) {
    this.telemetry = telemetry;
    this.remediation = remediation;
    this.evidenceSources = List.copyOf(evidenceSources);
    this.memory = memory;
    this.notifications = notifications;
    this.routes = Collections.unmodifiableSet(routes);
    this.eventRetention = new EventRetention(store.events(), config.eventRetention(), clock);
    this.config = config;
    this.store = store;
    this.intake = intake;
    this.correlation = correlation;
    this.investigation = investigation;
    this.sourcePool = sourcePool;
    this.http = http;
    this.webhooks = webhooks;
    this.app = app;
  }

  /** A gateway on the store the configuration names, recording no traces. */
  public static Gateway create(GatewayConfig config) {
    return create(config, Telemetry.off());
  }

  /** A gateway on the store the configuration names; it owns {@code telemetry}. */
  public static Gateway create(GatewayConfig config, Telemetry telemetry) {
    return create(
        config,
        JdbcIncidentStore.open(config.databaseUrl(), config.databasePoolSize()),
        Clock.systemUTC(),
        EvidenceSources.sharedClient(),
        telemetry);
  }

  /** A gateway on the given store; it owns the store and closes it. */
  public static Gateway create(GatewayConfig config, IncidentStore store, Clock clock) {
    return create(config, store, clock, EvidenceSources.sharedClient());
  }

  /**
   * A gateway on the given store whose evidence sources use {@code http} (replay answers from
   * a bundle through it); it owns the store and the client and closes them.
   */
  public static Gateway create(
      GatewayConfig config, IncidentStore store, Clock clock, OkHttpClient http) {
    return create(config, store, clock, http, Telemetry.off());
  }

  /** As above, with spans recorded through {@code telemetry}, which the gateway closes. */
  public static Gateway create(
      GatewayConfig config,
      IncidentStore store,
      Clock clock,
      OkHttpClient http,
      Telemetry telemetry) {
    Tracer tracer = telemetry.tracer();
    ObjectMapper json = jsonMapper();
    GatewayMetrics metrics = new GatewayMetrics();
    List<EvidenceSource> sources = EvidenceSources.build(config.evidence(), http);
    ExecutorService sourcePool = Executors.newCachedThreadPool(daemonThreads("firebreak-source"));
    AtomicReference<Intake> intakeRef = new AtomicReference<>();
    BooleanSupplier intakeBusy = () -> intakeRef.get() != null && intakeRef.get().isBusy();
    Optional<Memory> memory = memory(config, store, clock, intakeBusy);
    Remediation remediation =
        new Remediation(config.remediation(), config.evidence().prometheus(), store, http, clock);
    Notifications notifications =
        new Notifications(config.notifications(), store, http, clock, remediation::willAct);
    Optional<InvestigationWorker> investigation =
        sources.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new InvestigationWorker(
                    store,
                    new Investigator(
                        sources, config.evidence().investigation(), sourcePool, tracer),
                    diagnoser(config.diagnosis())
                        .withExperience(
                            new LearnedExperience(store.feedback(), memory.map(Memory::recall))),
                    clock,
                    metrics.investigations()));
    // Intake wakes correlation after each commit; correlation asks intake whether it is busy
    // and wakes investigations and the memory's event consumers after each batch.
    CorrelationWorker correlation =
        new CorrelationWorker(
            store,
            new Correlator(config.correlation(), !sources.isEmpty()),
            () -> intakeRef.get().isBusy(),
            () -> {
              investigation.ifPresent(InvestigationWorker::wake);
              memory.ifPresent(Memory::wake);
              notifications.wake();
              remediation.wake();
            },
            tracer);
    Intake intake =
        new Intake(
            new TracedIntakeLog(store.intake(), tracer),
            config.intake().queueCapacity(),
            config.intake().maxBatchSignals(),
            config.intake().recentKeys(),
            clock,
            (submissions, signals, nanos) -> {
              metrics.commit(submissions, signals, nanos);
              correlation.wake();
            });
    intakeRef.set(intake);

    Set<String> routes = new ConcurrentSkipListSet<>();
    Map<String, Component> components = new LinkedHashMap<>();
    components.put("store", store);
    Map<String, Component> optional = new LinkedHashMap<>();
    sources.forEach(source -> optional.put(source.name(), source));
    Map<String, BooleanSupplier> workers = new LinkedHashMap<>();
    workers.put("intake writer", intake::isAlive);
    workers.put("correlation", correlation::isAlive);
    investigation.ifPresent(worker -> workers.put("investigation", worker::isAlive));
    workers.put("notifications", notifications::isAlive);
    workers.put("remediation", remediation::isAlive);
    optional.putAll(remediation.executors());
    memory.ifPresent(
        on -> {
          for (EventFollower follower : on.followers()) {
            workers.put(follower.consumer() + " events", follower::isAlive);
          }
          if (on.index() != on.embedded()) {
            optional.put("chroma", on.index());
          }
        });
    AtomicReference<WebhookRoutes> webhookRoutes = new AtomicReference<>();
    // Javalin 7 takes every route in the configuration, before the server exists.
    Javalin app =
        Javalin.create(
            javalin -> {
              javalin.startup.showJavalinBanner = false;
              javalin.startup.showOldJavalinVersionWarning = false;
              javalin.events.handlerAdded(
                  route -> {
                    if (route.getHttpMethod().isHttpMethod()) {
                      routes.add(route.getHttpMethod().name() + " " + route.getPath());
                    }
                  });
              javalin.http.maxRequestSize = config.limits().maxBodyBytes();
              javalin.jsonMapper(new JavalinJackson(json, false));
              configureJetty(javalin, config);
              ErrorResponses.install(javalin.routes);
              webhookRoutes.set(
                  WebhookRoutes.mount(
                      javalin.routes,
                      config,
                      intake,
                      store.intake(),
                      metrics,
                      json,
                      clock,
                      telemetry));
              MemoryApi.mount(javalin.routes, config, store, memory, json, clock);
              NotificationApi.mount(javalin.routes, config, store, notifications, clock);
              RemediationApi.mount(javalin.routes, config, store, remediation.remediator(), clock);
              SlackInteractions.mount(
                  javalin.routes,
                  config,
                  store,
                  http,
                  json,
                  clock,
                  webhookRoutes.get(),
                  remediation.remediator());
              IncidentApi.mount(javalin.routes, config, store, json, clock);
              OperationsRoutes.mount(
                  javalin.routes, metrics, intake, components, optional, workers);
            });
    WebhookRoutes webhooks = webhookRoutes.get();
    metrics.gauge(
        "firebreak_intake_queue_depth",
        "Webhook submissions waiting for a commit",
        intake::queueDepth);
    metrics.gauge(
        "firebreak_incidents_open", "Incidents not yet resolved", store.incidents()::activeCount);
    metrics.gauge(
        "firebreak_correlation_backlog",
        "Committed signals not yet correlated",
        store.incidents()::pendingSignalCount);
    Map<String, DoubleSupplier> due = new LinkedHashMap<>();
    Map<String, DoubleSupplier> dead = new LinkedHashMap<>();
    for (String kind :
        List.of(Investigations.WORK_KIND, Outbox.WORK_KIND, Remediations.WORK_KIND)) {
      due.put(kind, () -> store.work().dueCount(kind, clock.instant()));
      dead.put(kind, () -> store.work().deadCount(kind));
    }
    metrics.gauge("firebreak_work_due", "Queued work due and not being worked on", "kind", due);
    metrics.gauge(
        "firebreak_work_dead",
        "Queued work that used all its attempts (GET /api/work/{kind}/dead)",
        "kind",
        dead);
    Map<String, DoubleSupplier> lag = new LinkedHashMap<>();
    lag.put(
        Notifier.CONSUMER,
        () -> store.events().latestEventId() - store.events().position(Notifier.CONSUMER));
    lag.put(
        Remediator.CONSUMER,
        () -> store.events().latestEventId() - store.events().position(Remediator.CONSUMER));
    notificationGauges(metrics, store);
    RemediationGauges.register(metrics, store);
    memory.ifPresent(
        on -> {
          metrics.gauge(
              "firebreak_memory_documents",
              "Incidents and imported postmortems remembered for recall",
              () -> store.memory().count());
          for (EventFollower follower : on.followers()) {
            lag.put(
                follower.consumer(),
                () ->
                    store.events().latestEventId() - store.events().position(follower.consumer()));
          }
        });
    metrics.gauge(
        "firebreak_event_consumer_lag",
        "Incident events a consumer has not handled yet",
        "consumer",
        lag);
    if (investigation.isPresent()) {
      metrics.gauge(
          "firebreak_investigations_due",
          "Investigations due and not yet running",
          () -> store.investigations().dueCount(clock.instant()));
    }
    return new Gateway(
        config,
        store,
        intake,
        correlation,
        investigation,
        sourcePool,
        http,
        webhooks,
        app,
        routes,
        memory,
        notifications,
        remediation,
        sources.stream().map(EvidenceSource::name).toList(),
        telemetry,
        clock);
  }

  /** Messages per channel and state, counted with one query per scrape. */
  private static void notificationGauges(GatewayMetrics metrics, IncidentStore store) {
    metrics.gauge(
        "firebreak_notifications",
        "Notifications by channel and delivery state (GET /api/incidents/{id}/notifications)",
        List.of("channel", "state"),
        () -> {
          Map<List<String>, Double> values = new LinkedHashMap<>();
          store
              .outbox()
              .counts()
              .forEach(
                  (channel, states) ->
                      states.forEach(
                          (state, count) ->
                              values.put(
                                  List.of(channel.wireName(), state.wireName()),
                                  count.doubleValue())));
          return values;
        });
  }

  /** Incident memory and postmortems, unless turned off. */
  public static Optional<Memory> memory(GatewayConfig config, IncidentStore store, Clock clock) {
    return memory(config, store, clock, () -> false);
  }

  private static Optional<Memory> memory(
      GatewayConfig config, IncidentStore store, Clock clock, BooleanSupplier intakeBusy) {
    GatewayConfig.MemoryConfig settings = config.memory();
    if (!settings.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        new Memory(
            store,
            new MiniLmEmbedder(),
            settings.chroma().map(chroma -> (VectorIndex) new ChromaVectorIndex(chroma)),
            settings.recallMode(),
            settings.minSimilarity(),
            settings.postmortemDirectory(),
            clock,
            intakeBusy));
  }

  /**
   * The server's defences against senders that hold it: a bounded thread pool, a minimum body
   * rate (Jetty cuts slower bodies off with 408), silent connections closed after the body
   * timeout, and a bound on connections per client address.
   */
  private static void configureJetty(JavalinConfig javalin, GatewayConfig config) {
    GatewayConfig.ServerConfig server = config.server();
    QueuedThreadPool threads = new QueuedThreadPool(server.threads(), 8, 60_000);
    threads.setName("firebreak-http");
    javalin.jetty.threadPool = threads;
    javalin.jetty.modifyHttpConfiguration(
        http -> {
          http.setMinRequestDataRate(server.minRequestBytesPerSecond());
          http.setSendServerVersion(false);
        });
    javalin.jetty.addConnector(
        (jetty, http) -> {
          ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
          connector.setHost(config.host());
          connector.setPort(config.port());
          connector.setIdleTimeout(server.bodyTimeout().toMillis());
          if (server.maxConnectionsPerClient() > 0) {
            connector.addEventListener(new ConnectionsPerClient(server.maxConnectionsPerClient()));
          }
          return connector;
        });
  }

  /** The rules, with configured additions, refined by a language model when one is set. */
  static Diagnoser diagnoser(DiagnosisConfig config) {
    RuleBook rules = RuleBook.defaults();
    for (DiagnosisConfig.RuleAddition rule : config.rules()) {
      rules.with(rule.cause(), rule.kind(), List.of(rule.pattern()));
    }
    Optional<LlmRefiner> refiner =
        config
            .llm()
            .map(
                settings ->
                    new LlmRefiner(new LangChain4jLlm(settings), new Redactor(config.redact())));
    return new Diagnoser(rules, refiner);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * A JSON reader for untrusted bodies: duplicate keys, trailing content and deep nesting are
   * errors rather than surprises.
   */
  static ObjectMapper jsonMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    return new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Starts intake, correlation and the HTTP server. */
  public Gateway start() {
    if (config.localMode() && config.isLoopback()) {
      LOG.warn(
          "LOCAL MODE: no webhook or API credentials are configured, so nothing is"
              + " authenticated and the gateway listens on {} only. Set credentials (see the"
              + " README) before exposing it to a network.",
          config.host());
    } else if (config.localMode()) {
      LOG.warn(
          "LOCAL MODE ON ALL INTERFACES: no webhook or API credentials are configured and the"
              + " gateway listens on {}: ANYONE WHO CAN REACH THIS PORT CAN SEND ALERTS, READ"
              + " INCIDENTS AND APPROVE ACTIONS. Use this for a demo only; set credentials (see"
              + " the README) for anything else.",
          config.host());
    }
    if (store instanceof JdbcIncidentStore jdbc) {
      try {
        jdbc.migrate();
        LOG.info("incident store: {}", jdbc.describe());
      } catch (RuntimeException e) {
        LOG.warn(
            "incident store not reachable at start; intake answers 503 until it is: {}",
            e.getMessage());
      }
    }
    Thread.UncaughtExceptionHandler onDeath =
        (thread, error) -> {
          LOG.error(
              "worker {} died; a gateway that cannot work must not look alive",
              thread.getName(),
              error);
          onWorkerDeath.accept(thread.getName());
        };
    intake.start(onDeath);
    correlation.start(onDeath);
    investigation.ifPresent(worker -> worker.start(onDeath));
    memory.ifPresent(on -> on.start(onDeath));
    notifications.start(onDeath);
    remediation.start(onDeath);
    eventRetention.start();
    app.start();
    LOG.info(
        "Firebreak {} listening on {}:{} ({}; store {}; evidence from {}; memory {}; notifications"
            + " {}; remediation {}; traces {})",
        BuildInfo.current().version(),
        config.host(),
        app.port(),
        config.localMode() ? "local mode, nothing authenticated" : "authenticated",
        config.databaseUrl().startsWith("jdbc:postgresql:") ? "PostgreSQL" : "SQLite",
        evidenceSources.isEmpty() ? "nothing (no evidence source configured)" : evidenceSources,
        memory.isPresent() ? "on" : "off",
        notifications.notifier().channels().isEmpty()
            ? "to the timeline and log only"
            : notifications.notifier().channels().stream()
                .map(channel -> channel.wireName())
                .sorted()
                .toList(),
        remediation.describe(),
        telemetry.isOn() ? "exported over OpenTelemetry" : "off");
    return this;
  }

  /**
   * What happens when a worker thread dies of something it did not catch. By default the
   * process exits, so that its supervisor restarts it (every acknowledged alert is durable);
   * {@code /ready} says so either way.
   */
  public Gateway onWorkerDeath(Consumer<String> action) {
    this.onWorkerDeath = action;
    return this;
  }

  /** The port actually bound, useful when the configured port was 0. */
  public int port() {
    return app.port();
  }

  public Javalin app() {
    return app;
  }

  /** Every route served, as "METHOD /path" (the OpenAPI document must list exactly these). */
  public Set<String> routes() {
    return routes;
  }

  /** Where translated signals enter; replay feeds recorded signals here. */
  public Intake intake() {
    return intake;
  }

  public IncidentStore store() {
    return store;
  }

  /** Incident memory and postmortems, when turned on. */
  public Optional<Memory> memory() {
    return memory;
  }

  /** Stops taking requests, commits what was accepted, then closes the store. */
  @Override
  public void close() {
    LOG.info("Firebreak stopping: no new requests; committing what was accepted");
    app.stop();
    intake.close();
    correlation.close();
    investigation.ifPresent(InvestigationWorker::close);
    memory.ifPresent(Memory::close);
    notifications.close();
    remediation.close();
    eventRetention.close();
    sourcePool.shutdownNow();
    webhooks.close();
    store.close();
    telemetry.close();
    LOG.info("Firebreak stopped: everything acknowledged is in the store");
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
