package io.txorders.e2e;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Connector/J query interceptor that makes one interleaving of live traffic happen on cue: once armed, it runs a
 * write (on a connection of the test's own) just before the next {@code SELECT} from the {@code stock} table on the
 * connection it is named in ({@code queryInterceptors=} in the JDBC URL), that is between reconcile's ledger sums
 * and its stock read.
 */
public final class ConfirmationBeforeStockRead implements QueryInterceptor {

    /** A write that may throw what JDBC throws. */
    interface Write {
        void run() throws Exception;
    }

    private static final AtomicReference<Write> armed = new AtomicReference<>();
    private static final AtomicBoolean fired = new AtomicBoolean();

    /** The next stock read runs {@code write} first, once. */
    static void arm(Write write) {
        fired.set(false);
        armed.set(write);
    }

    static void disarm() {
        armed.set(null);
    }

    /** Whether the armed write ran: a test that never reached the stock read proves nothing. */
    static boolean fired() {
        return fired.get();
    }

    @Override
    public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query query) {
        if (sql != null && sql.get() != null && sql.get().contains(" FROM stock")) {
            Write write = armed.getAndSet(null);
            if (write != null) {
                try {
                    write.run();
                } catch (Exception e) {
                    throw new IllegalStateException("the interleaved write failed", e);
                }
                fired.set(true);
            }
        }
        return null; // the query itself runs as usual
    }

    @Override
    public boolean executeTopLevelOnly() {
        return true;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query query, T originalResultSet,
                                               ServerSession serverSession) {
        return originalResultSet;
    }
}
