package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import io.txorders.lab.bench.CpuAttribution.Component;
import org.junit.jupiter.api.Test;

class CpuAttributionTest {

    @Test
    void aSampleBelongsToItsNearestOwningFrameNotToTheJdkOrTheKernelBelowIt() {
        String socketWrite = "[grpc-default-worker-ELG-1-1 tid=3231];java/lang/Thread.run;"
                + "org/apache/rocketmq/shaded/io/netty/channel/nio/NioEventLoop.run;"
                + "sun/nio/ch/SocketChannelImpl.write;/usr/lib/x86_64-linux-gnu/libc.so.6;entry_SYSCALL_64_[k];"
                + "pvm_irq_enable_[k]";
        String springHashMap = "[http-nio-8091-exec-3 tid=2954];java/lang/Thread.run;"
                + "io/txorders/order/web/OrderController.place;"
                + "org/springframework/aop/framework/ReflectiveMethodInvocation.proceed;java/util/HashMap.getNode";
        String platformFormat = "[http-nio-8091-exec-3 tid=2954];java/lang/Thread.run;"
                + "org/springframework/web/servlet/DispatcherServlet.doDispatch;"
                + "io/txorders/order/order/OrderService.place;java/lang/String.format;itable stub";

        assertThat(CpuAttribution.component(socketWrite.split(";"))).isEqualTo(Component.CLIENT);
        assertThat(CpuAttribution.component(springHashMap.split(";"))).isEqualTo(Component.SPRING);
        assertThat(CpuAttribution.component(platformFormat.split(";"))).isEqualTo(Component.PLATFORM);
    }

    @Test
    void aLambdaOrHiddenClassBelongsToThePackageThatDeclaredIt() {
        assertThat(CpuAttribution.component(new String[] {"[RocketmqMessageConsumption-1 tid=3]",
                "io/txorders/order/messaging/InboundEventsListener$$Lambda$2337.0x00007f2de9bd8228.doInTransaction",
                "java/lang/invoke/LambdaForm$MH.0x00007f2de9000400.invoke"})).isEqualTo(Component.PLATFORM);
        assertThat(CpuAttribution.component(new String[] {"[main tid=1]", "com/google/common/base/Strings.repeat"}))
                .isEqualTo(Component.OTHER_LIBRARY);
    }

    @Test
    void theBenchAndTheEmbeddedBrokerAreNotCountedAsThePlatformsCode() {
        assertThat(CpuAttribution.component(new String[] {"[load-1 tid=1]",
                "io/txorders/lab/bench/KeepAliveHttpClient.send", "java/net/Socket.write"}))
                .isEqualTo(Component.BENCH);
        assertThat(CpuAttribution.component(new String[] {"[ReputMessageService tid=7]",
                "org/apache/rocketmq/store/DefaultMessageStore$ReputMessageService.run"}))
                .isEqualTo(Component.BROKER);
        assertThat(CpuAttribution.component(new String[] {"[nioEventLoopGroup-3-1 tid=9]",
                "io/grpc/netty/shaded/io/netty/channel/nio/NioEventLoop.run", "epoll_wait"}))
                .isEqualTo(Component.BROKER);
    }

    @Test
    void aStackWithoutAnOwningFrameGoesByItsThread() {
        assertThat(CpuAttribution.component(new String[] {"[C2 CompilerThre tid=2642]", "thread_native_entry",
                "Compile::Optimize"})).isEqualTo(Component.JIT);
        assertThat(CpuAttribution.component(new String[] {"[VM Thread tid=2634]", "VMThread::run"}))
                .isEqualTo(Component.GC);
        assertThat(CpuAttribution.component(new String[] {"[GC Thread#0 tid=12]", "GangWorker::loop"}))
                .isEqualTo(Component.GC);
        assertThat(CpuAttribution.component(new String[] {"[http-nio-8091-e tid=40]", "java/lang/Thread.run",
                "java/util/concurrent/ThreadPoolExecutor.getTask", "[unknown]"})).isEqualTo(Component.WEB);
        assertThat(CpuAttribution.component(new String[] {"[RocketmqClientAsyncWorker-1 tid=5]",
                "java/lang/Thread.run", "java/util/concurrent/locks/LockSupport.unpark", "futex_wake_[k]"}))
                .isEqualTo(Component.CLIENT);
        assertThat(CpuAttribution.component(new String[] {"[main tid=1]", "java/lang/Thread.sleep"}))
                .isEqualTo(Component.UNATTRIBUTED);
    }

    @Test
    void samplesAreSummedPerComponentAndLinesThatAreNotSamplesAreSkipped() {
        Map<Component, Long> samples = CpuAttribution.samplesByComponent(List.of(
                "[http-nio-1 tid=1];io/txorders/order/web/OrderController.place 7",
                "[http-nio-1 tid=1];io/txorders/order/order/OrderService.place;com/mysql/cj/NativeSession.execSQL 5",
                "[http-nio-1 tid=1];io/txorders/order/order/OrderService.place 3",
                "not a sample line",
                ""));

        assertThat(samples).containsOnly(Map.entry(Component.PLATFORM, 10L),
                Map.entry(Component.DATABASE_CLIENT, 5L));
    }
}
