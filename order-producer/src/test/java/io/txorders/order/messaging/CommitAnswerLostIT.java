package io.txorders.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The database commits an order but its answer never reaches the service (a connection reset during the commit, the
 * socket timeout). The publish used to send a rollback for the half message: the order existed, its client got a 500,
 * and its OrderCreated waited for the discarded-publish recovery (by default past the order's payment deadline). Now
 * it asks tx_state as a check-back would, and sends the commit. The real database and broker; only the commit's
 * answer is lost, by a wrapper around the service's connections.
 *
 * <p>Its context is the only one besides the shared one, and is closed after it: left open, its transactional
 * producer joins the producer group, and the broker routes check-backs of the shared context's tests to it, whose
 * fault mode is not theirs (DiscardedPublishRecoveryIT's UNKNOWN answers turned into a COMMIT).
 */
@Import(CommitAnswerLostIT.LoseCommitAnswers.class)
@DirtiesContext
class CommitAnswerLostIT extends OrderProducerIntegrationTest {

    /** Armed: the next commit of a transaction that wrote a COMMITTED tx_state row commits, then fails. */
    static final AtomicBoolean armed = new AtomicBoolean();

    @TestConfiguration(proxyBeanMethods = false)
    static class LoseCommitAnswers {
        @Bean
        static BeanPostProcessor loseCommitAnswers() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && !(bean instanceof CommitAnswerLosingDataSource)
                            ? new CommitAnswerLosingDataSource(dataSource) : bean;
                }
            };
        }
    }

    @Test
    void anOrderWhoseCommitAnswerIsLostIsPlacedAndItsEventDelivered() {
        armed.set(true);

        Response placed = post("/orders", orderJson(46, "SKU-LOST-ANSWER", 1, "2.00"));

        assertThat(armed).as("the placement's commit lost its answer").isFalse();
        assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
        String orderNo = placed.json().path("orderNo").asString();
        OrderEventsProbe probe = OrderEventsProbe.get();
        // Long before the discarded-publish recovery could send it (txorders.publisher.recovery.after=45s here).
        await().atMost(Duration.ofSeconds(15)).until(() -> !probe.deliveriesFor(orderNo).isEmpty());
    }

    static final class CommitAnswerLosingDataSource extends DelegatingDataSource {

        CommitAnswerLosingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return losingCommitAnswers(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return losingCommitAnswers(super.getConnection(username, password));
        }

        private static Connection losingCommitAnswers(Connection connection) {
            AtomicBoolean publishing = new AtomicBoolean();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                                && sql.startsWith("INSERT INTO tx_state") && sql.contains("'COMMITTED'")) {
                            publishing.set(true);
                        }
                        try {
                            if (method.getName().equals("commit") && publishing.getAndSet(false)
                                    && armed.compareAndSet(true, false)) {
                                method.invoke(connection); // the database commits ...
                                throw new SQLRecoverableException("Communications link failure during commit()",
                                        "08S01"); // ... and its answer is lost
                            }
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
