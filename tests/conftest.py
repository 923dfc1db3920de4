import pytest

from tests.factories import PASSWORD, CommitteeFactory, JurorFactory, OperatorFactory, UnitFactory


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def operator(db, unit):
    return OperatorFactory(unit=unit)


@pytest.fixture
def juror(db):
    return JurorFactory()


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def juror_client(client, juror):
    client.force_login(juror)
    return client


@pytest.fixture
def committee_client(client, committee):
    client.force_login(committee)
    return client
