package io.txorders.devstack.rocketmq;

import org.apache.rocketmq.broker.transaction.queue.MessageQueueOpContext;
import org.apache.rocketmq.broker.transaction.queue.TransactionalMessageBridge;
import org.apache.rocketmq.broker.transaction.queue.TransactionalMessageServiceImpl;

/**
 * The broker's transactional message service with the idle busy loop of RocketMQ 5.5.0 fixed
 * (apache/rocketmq#10966, fix proposed in #10967).
 *
 * <p>The broker batches the "op" records that mark half messages as done, per queue, and a service thread
 * sleeps until the next batch is due. In 5.5.0 the due time is computed over <em>every</em> queue context
 * ever used, drained ones included; once a drained context's last write is older than
 * {@code transactionOpBatchInterval}, the due time lies in the past, the method answers "now" and the thread
 * spins: one core at 100 % for as long as the broker runs after its first transactional message. On a
 * two-core machine that core is half of everything.
 *
 * <p>This class computes the due time over the contexts that still hold records, as the batching intends:
 * send now when one is over its size or interval, otherwise sleep until the earliest one is due, or a whole
 * interval when none holds anything. New records still wake the thread early when a batch fills up, exactly
 * as before; batching, ordering and what is written are unchanged.
 */
public final class IdleSafeTransactionalMessageService extends TransactionalMessageServiceImpl {

    private final long interval;
    private final int maxSize;

    public IdleSafeTransactionalMessageService(TransactionalMessageBridge bridge) {
        super(bridge);
        this.interval = bridge.getBrokerController().getBrokerConfig().getTransactionOpBatchInterval();
        this.maxSize = bridge.getBrokerController().getBrokerConfig().getTransactionOpMsgMaxSize();
    }

    @Override
    public long batchSendOpMessage() {
        long next = super.batchSendOpMessage();
        return next != 0L ? next : nextDue(System.currentTimeMillis());
    }

    /** 0 (send again now) if a context is due; otherwise when the earliest holding context will be. */
    private long nextDue(long now) {
        long earliest = now + interval;
        for (MessageQueueOpContext context : getDeleteContext().values()) {
            if (context.getTotalSize().get() <= 0 || context.getContextQueue().isEmpty()) {
                continue; // drained: nothing to wait for (the 5.5.0 code waits for it, in the past)
            }
            long due = context.getLastWriteTimestamp() + interval;
            if (context.getTotalSize().get() >= maxSize || due <= now) {
                return 0L;
            }
            earliest = Math.min(earliest, due);
        }
        return earliest;
    }
}
