"""Fails on purpose once Spark is up: spark-burst must end the run FAILED with this exception in its record."""
from pyspark.sql import SparkSession


def check(rows):
    if rows < 1000:
        raise ValueError("failing.py failed on purpose: %d rows is too few" % rows)


spark = SparkSession.builder.getOrCreate()
check(spark.range(10).count())
