package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.rocketmq.BatchReceivers.BatchHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class BatchHandlerTest {

    private final List<String> calls = new ArrayList<>();
    /** The time source of the handlers under a handling budget. */
    private final AtomicLong now = new AtomicLong();

    /** Runs of two or more go to the run handler; everything else, in its place, to the single handler. */
    private final BatchHandler handler = BatchHandler.runsOfTag("A", run -> {
        calls.add("run " + ids(run));
        return Collections.nCopies(run.size(), true);
    }, message -> {
        calls.add("single " + message.messageId());
        return !message.messageId().equals("fails");
    });

    @Test
    void runsOfTheTagGoTogetherAndNothingOvertakesWhatCameBeforeIt() {
        List<Boolean> done = handler.handle(List.of(message("A", "a1"), message("A", "a2"), message("B", "b1"),
                message("A", "a3"), message("B", "fails"), message("A", "a4"), message("A", "a5"), message("A", "a6")));

        assertThat(calls).containsExactly("run [a1, a2]", "single b1", "single a3", "single fails",
                "run [a4, a5, a6]");
        assertThat(done).containsExactly(true, true, true, true, false, true, true, true);
    }

    /**
     * During a database outage each message waits out the connection timeout: the messages not reached within the
     * budget are given back unhandled, in order, instead of outliving the batch's invisibility (when the broker would
     * hand them to another receiver and count a delivery attempt for nothing).
     */
    @Test
    void messagesNotReachedWithinTheBudgetAreGivenBackUnhandled() {
        BatchHandler waitingOnTheDatabase = BatchHandler.oneByOne("g", takingFifteenSecondsEach(false), now::get);

        List<Boolean> done = waitingOnTheDatabase.handle(List.of(message("B", "m1"), message("B", "m2"),
                message("B", "m3"), message("B", "m4")));

        assertThat(calls).containsExactly("m1", "m2");
        assertThat(done).containsExactly(false, false, false, false);
    }

    @Test
    void runsOfTheTagStopAtTheBudgetTooAndNothingOvertakes() {
        BatchHandler slowRuns = BatchHandler.runsOfTag("A", run -> {
            calls.add("run " + ids(run));
            now.addAndGet(Duration.ofSeconds(25).toNanos());
            return Collections.nCopies(run.size(), false);
        }, message -> {
            calls.add("single " + message.messageId());
            return true;
        }, now::get);

        List<Boolean> done = slowRuns.handle(List.of(message("A", "a1"), message("A", "a2"), message("B", "b1"),
                message("A", "a3")));

        assertThat(calls).containsExactly("run [a1, a2]");
        assertThat(done).containsExactly(false, false, false, false);
    }

    /** A message given back uses up an attempt untried: a batch that is slow but succeeding is handled to its end. */
    @Test
    void aSlowBatchThatSucceedsIsHandledToItsEnd() {
        BatchHandler slowButWell = BatchHandler.oneByOne("g", takingFifteenSecondsEach(true), now::get);

        List<Boolean> done = slowButWell.handle(List.of(message("B", "m1"), message("B", "m2"), message("B", "m3")));

        assertThat(calls).containsExactly("m1", "m2", "m3");
        assertThat(done).containsExactly(true, true, true);
    }

    @Test
    void aBatchWithoutTheTagIsHandledOneByOne() {
        assertThat(handler.handle(List.of(message("B", "b1"), message(null, "b2")))).containsExactly(true, true);

        assertThat(calls).containsExactly("single b1", "single b2");
    }

    /** A per-message handler that records each call and takes 15 s of this test's clock, answering {@code done}. */
    private Predicate<InboundMessage> takingFifteenSecondsEach(boolean done) {
        return message -> {
            calls.add(message.messageId());
            now.addAndGet(Duration.ofSeconds(15).toNanos());
            return done;
        };
    }

    private static InboundMessage message(String tag, String id) {
        return new InboundMessage("topic", id, tag, List.of(), new byte[0], 1);
    }

    private static List<String> ids(List<InboundMessage> messages) {
        return messages.stream().map(InboundMessage::messageId).toList();
    }
}
