import asyncio


async def test_a_reminder_is_delivered_after_the_delay(service):
    notification = service.notify(7, "Standup in 5 minutes")

    reminder = await service.deliver_later(notification, delay=0.01)
    await reminder

    assert reminder.done() and not reminder.cancelled()


async def test_a_reminder_can_be_called_off(service):
    notification = service.notify(7, "Standup in 5 minutes")

    reminder = await service.deliver_later(notification, delay=60)
    reminder.cancel()
    await asyncio.gather(reminder, return_exceptions=True)

    assert reminder.cancelled()
