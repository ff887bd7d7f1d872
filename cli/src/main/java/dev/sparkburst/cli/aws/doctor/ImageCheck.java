package dev.sparkburst.cli.aws.doctor;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** The "image" check: each image the task definitions name is in its ECR repository, so tasks can pull it. */
final class ImageCheck {

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>(:<tag>|@<digest>)}. */
    private static final Pattern ECR_IMAGE = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)(?::([^@]+))?(?:@(.+))?");

    private final Examination exam;
    private final EcrClient ecr;

    ImageCheck(Examination exam, EcrClient ecr) {
        this.exam = Objects.requireNonNull(exam, "exam");
        this.ecr = Objects.requireNonNull(ecr, "ecr");
    }

    void check(Collection<TaskDefinition> taskDefinitions) {
        String deploy = exam.deploy();
        Set<String> images = new LinkedHashSet<>();
        taskDefinitions.forEach(d -> d.containerDefinitions().forEach(c -> images.add(c.image())));
        for (String image : images) {
            Matcher ecrImage = ECR_IMAGE.matcher(image);
            if (!ecrImage.matches()) {
                exam.add(Finding.info("image", image, "not in ECR: its registry is not checked"));
                continue;
            }
            String registry = ecrImage.group(1);
            String repository = ecrImage.group(3);
            ImageIdentifier id = ecrImage.group(5) != null
                    ? ImageIdentifier.builder().imageDigest(ecrImage.group(5)).build()
                    : ImageIdentifier.builder().imageTag(ecrImage.group(4) == null ? "latest" : ecrImage.group(4))
                            .build();
            try {
                ecr.describeImages(b -> b.registryId(registry).repositoryName(repository).imageIds(id));
                exam.add(Finding.ok("image", image, "present in " + repository));
            } catch (RepositoryNotFoundException e) {
                exam.add(Finding.fail("image", image, "the repository " + repository + " does not exist, so no "
                        + "task can start (CannotPullContainerError)", "bootstrap the account and region "
                        + "(`npx cdk bootstrap`) and deploy again: " + deploy));
            } catch (ImageNotFoundException e) {
                exam.add(Finding.fail("image", image, "the image is not in " + repository + ", so no task can "
                        + "start (CannotPullContainerError)", "deploy again to publish it: " + deploy
                        + " (it builds spark-images/ and pushes the image; Docker must run)"));
            } catch (AwsServiceException e) {
                exam.add(Examination.couldNot("image", image, "ecr:DescribeImages", e));
            }
        }
    }
}
