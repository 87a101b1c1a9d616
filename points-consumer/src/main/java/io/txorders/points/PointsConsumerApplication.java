package io.txorders.points;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** points-consumer: loyalty points awarded when orders are paid. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PointsConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PointsConsumerApplication.class, args);
    }
}
