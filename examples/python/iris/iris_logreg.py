"""Multinomial logistic regression on Fisher's Iris data with a pyspark.ml pipeline: the seed project's
data-science example, and the Python twin of dev.sparkburst.examples.IrisLogisticRegression.

Arguments: <input csv> <output dir>. The CSV has a header with sepal_length, sepal_width, petal_length,
petal_width and species. Rows are split 80/20 into train and test with a fixed seed; the pipeline (StringIndexer
on species, VectorAssembler on the four measurements, LogisticRegression) is fitted on train and scored on test.
Writes into the output dir:
  predictions/   one CSV file with the test rows: the four measurements, species and predicted_species
  metrics.json   input, accuracy (on the test rows), trainRows, testRows, correct, labels, seed
"""
import json
import sys

from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import IndexToString, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
SEED = 42


def write_text(spark, uri, text):
    """One small file at an exact path (s3a:// or local), through the driver's Hadoop file system."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    out = fs.create(path, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: iris_logreg.py <input csv> <output dir>, got %d arguments" % len(argv))
    source, output = argv
    spark = SparkSession.builder.appName("spark-burst iris logistic regression (Python)").getOrCreate()
    try:
        raw = spark.read.option("header", True).csv(source)
        missing = [c for c in FEATURES + ["species"] if c not in raw.columns]
        if missing:
            raise ValueError("input csv %s lacks the columns %s" % (source, ", ".join(missing)))
        # Cached so that the random split sees the same rows every time it is evaluated.
        data = raw.select([F.col(c).cast("double").alias(c) for c in FEATURES] + [F.col("species")]).cache()
        train, test = data.randomSplit([0.8, 0.2], SEED)
        indexer = StringIndexer(inputCol="species", outputCol="label").fit(train)
        pipeline = Pipeline(stages=[
            indexer,
            VectorAssembler(inputCols=FEATURES, outputCol="features"),
            LogisticRegression(maxIter=100, family="multinomial"),
            IndexToString(inputCol="prediction", outputCol="predicted_species", labels=indexer.labels),
        ])
        scored = pipeline.fit(train).transform(test).select(FEATURES + ["species", "predicted_species"]).cache()
        train_rows, test_rows = train.count(), scored.count()
        correct = scored.filter(F.col("species") == F.col("predicted_species")).count()
        scored.coalesce(1).write.mode("overwrite").option("header", True).csv(output.rstrip("/") + "/predictions")
        metrics = {
            "input": source,
            "accuracy": correct / test_rows,
            "trainRows": train_rows,
            "testRows": test_rows,
            "correct": correct,
            "labels": list(indexer.labels),
            "seed": SEED,
        }
        write_text(spark, output.rstrip("/") + "/metrics.json", json.dumps(metrics, indent=2) + "\n")
        # Goes to the driver's stdout, which spark-burst keeps with the run.
        print("iris_logreg.py: accuracy %.4f on %d test rows (%d train rows), written to %s"
              % (metrics["accuracy"], test_rows, train_rows, output))
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
