package io.txorders.devstack.rocketmq;

import apache.rocketmq.v2.Address;
import apache.rocketmq.v2.AddressScheme;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.Permission;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.Resource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Waits until topics just created are usable by a gRPC client: the name server returns a route with writable queues
 * for each, and then the proxy answers a route query (what a client's {@code build()} does first) for each.
 *
 * <p>Why: a broker registers a new topic with the name server asynchronously, and a proxy caches a "no such topic"
 * answer for a while. A client built in that window fails its first route fetch with "No topic route info in name
 * server" and gives up. The name server is asked first so that the proxy is never asked before it can answer, which
 * would put the negative answer in its cache.
 */
final class TopicRoutes {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROXY_CALL_TIMEOUT = Duration.ofSeconds(5);

    private TopicRoutes() {
    }

    /**
     * @param proxyHost the proxy's gRPC host, or {@code null} to check the name server only
     * @throws IllegalStateException naming the topics still missing a route (and where) after {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    static void await(DefaultMQAdminExt admin, Collection<String> topics, String proxyHost, int proxyPort,
                      Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitEach(topics, topic -> namesrvRouteProblem(admin, topic), deadline,
                "RocketMQ not usable after " + timeout + ": the name server has no route with writable queues for ");
        if (proxyHost == null) {
            return;
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress(proxyHost, proxyPort).usePlaintext().build();
        try {
            awaitEach(topics, topic -> proxyRouteProblem(channel, proxyHost, proxyPort, topic), deadline,
                    "RocketMQ not usable after " + timeout + ": the proxy " + proxyHost + ":" + proxyPort
                            + " answers no writable route for ");
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Asks {@code problem} about each topic not yet answered with {@code null} until every one is, polling.
     *
     * @throws IllegalStateException {@code failure} + the topics still missing and the last problem, past the deadline
     */
    private static void awaitEach(Collection<String> topics, Function<String, String> problem, long deadline,
                                  String failure) throws InterruptedException {
        List<String> missing = new ArrayList<>(topics);
        String lastProblem = "";
        while (true) {
            List<String> stillMissing = new ArrayList<>();
            for (String topic : missing) {
                String cause = problem.apply(topic);
                if (cause != null) {
                    stillMissing.add(topic);
                    lastProblem = cause;
                }
            }
            missing = stillMissing;
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + missing + " (" + lastProblem + ")");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    /** @return why the name server's route of the topic is not usable yet, or {@code null} when it is */
    private static String namesrvRouteProblem(DefaultMQAdminExt admin, String topic) {
        try {
            return writableBrokers(admin, topic).isEmpty() ? "no writable queues" : null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** @return the brokers holding writable queues of the topic, per its route at the name server, sorted */
    static List<String> writableBrokers(DefaultMQAdminExt admin, String topic) throws Exception {
        List<String> brokers = new ArrayList<>();
        TopicRouteData route = admin.examineTopicRouteInfo(topic);
        for (QueueData queues : route.getQueueDatas()) {
            if (queues.getWriteQueueNums() > 0) {
                brokers.add(queues.getBrokerName());
            }
        }
        Collections.sort(brokers);
        return brokers;
    }

    /** @return why the proxy's answer to a route query is not usable yet, or {@code null} when it is */
    private static String proxyRouteProblem(ManagedChannel channel, String host, int port, String topic) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER),
                "txorders-devstack-" + UUID.randomUUID());
        headers.put(Metadata.Key.of("x-mq-language", Metadata.ASCII_STRING_MARSHALLER), "JAVA");
        headers.put(Metadata.Key.of("x-mq-protocol", Metadata.ASCII_STRING_MARSHALLER), "v2");
        headers.put(Metadata.Key.of("x-mq-client-version", Metadata.ASCII_STRING_MARSHALLER), "5.0.0");
        QueryRouteRequest request = QueryRouteRequest.newBuilder()
                .setTopic(Resource.newBuilder().setName(topic))
                .setEndpoints(Endpoints.newBuilder().setScheme(AddressScheme.IPv4)
                        .addAddresses(Address.newBuilder().setHost(host).setPort(port)))
                .build();
        try {
            QueryRouteResponse response = MessagingServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(PROXY_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .queryRoute(request);
            if (response.getStatus().getCode() != Code.OK) {
                return response.getStatus().getCode() + " " + response.getStatus().getMessage();
            }
            for (MessageQueue queue : response.getMessageQueuesList()) {
                if (queue.getPermission() == Permission.WRITE || queue.getPermission() == Permission.READ_WRITE) {
                    return null;
                }
            }
            return "no writable queues";
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
