import pytest

from relay.service import MAX_LENGTH, InvalidNotification


def test_notify_records_the_notification(service):
    notification = service.notify(7, "Your order shipped")

    assert service.outbox == [notification]
    assert notification.channel == "user:7"


def test_notify_collapses_whitespace(service):
    assert service.notify(7, "  Your   order\nshipped ").text == "Your order shipped"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_notify_refuses_empty_text(service, text):
    with pytest.raises(InvalidNotification, match="needs some text"):
        service.notify(7, text)
    assert service.outbox == []


def test_notify_refuses_text_that_does_not_fit(service):
    with pytest.raises(InvalidNotification, match=f"at most {MAX_LENGTH}"):
        service.notify(7, "x" * (MAX_LENGTH + 1))


def test_pending_for_lists_one_users_notifications(service):
    service.notify(7, "first")
    service.notify(8, "for someone else")
    service.notify(7, "second")

    assert [n.text for n in service.pending_for(7)] == ["first", "second"]
