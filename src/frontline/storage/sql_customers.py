"""SQL repository for customers and their identities."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, func, insert, or_, select, update

from frontline.domain.customers import Customer, Identity, IdentityKind
from frontline.domain.ids import CustomerId
from frontline.storage.codec import as_utc
from frontline.storage.tables import customer_identities, customers


class SqlCustomerRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _identities(self, ids: list[str]) -> dict[str, list[Identity]]:
        found: dict[str, list[Identity]] = {i: [] for i in ids}
        if not ids:
            return found
        rows = self._db.execute(
            select(customer_identities)
            .where(customer_identities.c.customer_id.in_(ids))
            .order_by(customer_identities.c.id)
        )
        for row in rows:
            found[row.customer_id].append(Identity(IdentityKind(row.kind), row.value))
        return found

    def _hydrate(self, rows: Sequence[Row[tuple[object, ...]]]) -> list[Customer]:
        identities = self._identities([str(r.id) for r in rows])
        return [
            Customer(
                id=CustomerId(r.id),
                name=r.name,
                created_at=as_utc(r.created_at),
                identities=tuple(identities[r.id]),
                backoffice_user_id=r.backoffice_user_id,
            )
            for r in rows
        ]

    def get(self, customer_id: CustomerId) -> Customer | None:
        rows = self._db.execute(select(customers).where(customers.c.id == customer_id)).all()
        return next(iter(self._hydrate(rows)), None)

    def find_by_identity(self, identity: Identity) -> Customer | None:
        customer_id = self._db.execute(
            select(customer_identities.c.customer_id).where(
                customer_identities.c.kind == identity.kind.value,
                customer_identities.c.value == identity.value,
            )
        ).scalar()
        return None if customer_id is None else self.get(CustomerId(customer_id))

    def add(self, customer: Customer) -> None:
        self._db.execute(
            insert(customers).values(
                id=customer.id,
                name=customer.name,
                backoffice_user_id=customer.backoffice_user_id,
                created_at=customer.created_at,
            )
        )
        for identity in customer.identities:
            self.add_identity(customer.id, identity)

    def add_identity(self, customer_id: CustomerId, identity: Identity) -> None:
        self._db.execute(
            insert(customer_identities).values(
                customer_id=customer_id, kind=identity.kind.value, value=identity.value
            )
        )

    def set_backoffice_user(self, customer_id: CustomerId, user_id: str) -> None:
        self._db.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(backoffice_user_id=user_id)
        )

    def search(self, query: str, limit: int) -> Sequence[Customer]:
        pattern = f"%{query.strip().lower()}%"
        matching_ids = select(customer_identities.c.customer_id).where(
            func.lower(customer_identities.c.value).like(pattern)
        )
        rows = self._db.execute(
            select(customers)
            .where(
                or_(func.lower(customers.c.name).like(pattern), customers.c.id.in_(matching_ids))
            )
            .order_by(customers.c.id)
            .limit(limit)
        ).all()
        return self._hydrate(rows)
