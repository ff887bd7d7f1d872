package dev.sparkburst.cli.aws;

import java.util.Objects;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;

/** The clients {@code burst doctor} needs beyond those of {@link AwsClients}; closed together. */
public record DoctorClients(EcsClient ecs, EcrClient ecr, IamClient iam) implements AutoCloseable {

    public DoctorClients {
        Objects.requireNonNull(ecs, "ecs");
        Objects.requireNonNull(ecr, "ecr");
        Objects.requireNonNull(iam, "iam");
    }

    @Override
    public void close() {
        ecs.close();
        ecr.close();
        iam.close();
    }
}
