"""The model over the table the harness creates and fills (`items(id integer primary key,
name text)`): `managed = False` and `db_table`, as Django advises for tables it does not own
(https://docs.djangoproject.com/en/stable/howto/legacy-databases/)."""

from django.db import models


class Item(models.Model):
    id = models.IntegerField(primary_key=True)
    name = models.TextField()

    class Meta:
        db_table = "items"
        managed = False
