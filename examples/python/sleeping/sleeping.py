"""Runs past any sensible timeout with Python busy on both sides: the driver sleeps in Python, and a task sleeps
in an executor's Python worker. spark-burst's timeout must stop all of them."""
import sys
import threading
import time

from pyspark.sql import SparkSession

seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 600
spark = SparkSession.builder.getOrCreate()
tasks = spark.sparkContext.parallelize(range(1), 1).map(lambda x: time.sleep(seconds) or x)
threading.Thread(target=tasks.count, daemon=True).start()
time.sleep(seconds)
