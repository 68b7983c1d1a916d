Feature: Scheduled callbacks and passing a callback on
  A task can be given a time only when it is created: by the Create task block (the caller
  presses 3 to be called back in about an hour) or by an agent creating a task with a date
  and time in the future. Until then it waits and can still be moved; once it reaches an
  agent it is delivered for good, its schedule can no longer change, and an agent who
  passes it on with a quick connect delivers it at once. A quick connect whose flow was
  written for calls (it plays audio) cannot carry a task.

  Background:
    Given the flows in "features/callback/flows" are published
    And a queue "Customer service"
    And a queue "Callback team"
    And a routing profile "Customer service agents" for the queue "Customer service" with:
      | channel | concurrency | other channels at the same time |
      | voice   | 1           | yes                             |
      | tasks   | 1           | yes                             |
    And a routing profile "Callback team" for the queue "Callback team" with:
      | channel | concurrency | other channels at the same time |
      | tasks   | 2           | no                              |
    And an agent "Ana" with the routing profile "Customer service agents"
    And an agent "Ben" with the routing profile "Callback team"
    And agent "Ben" is available
    And a task template "Callback request" for the flow "Callback task" with the fields:
      | field       | type        | required | editable | default                              |
      | Name        | name        | yes      | yes      | Callback request                     |
      | Description | description | no       | no       | The customer asked to be called back |
      | PhoneNumber | text        | yes      | yes      |                                      |
    And a quick connect "Callback team" to the queue "Callback team" through the flow "Callback transfer"
    And a quick connect "Callback team (announced)" to the queue "Callback team" through the flow "Callback transfer with announcement"
    And the phone number "+1 555 0100" starts the flow "Callback inbound"

  @critical
  Scenario: A callback the caller asks for in an hour reaches the agent an hour later
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    And the caller presses 3
    Then the caller hears "Thank you. An agent will call you back in about an hour"
    And the call ends
    And a task was scheduled with:
      | name                  | Callback request |
      | reference PhoneNumber | +15555550123     |
      | scheduled in          | 1 hour           |
      | linked to             | the call         |
    When agent "Ana" becomes available
    Then agent "Ana" is not offered the task
    And the task is waiting for its scheduled time
    When 59 minutes pass
    Then agent "Ana" is not offered the task
    When 1 minute passes
    Then agent "Ana" is offered the task
    When agent "Ana" accepts the task
    Then agent "Ana" sees the task with:
      | field       | value                                | editable |
      | Description | The customer asked to be called back | no       |
      | PhoneNumber | +15555550123                         | yes      |

  Scenario: A task an agent creates for later is delivered at that time
    Given agent "Ana" is available
    When a task "Call back Ms. Sato about her invoice" is created from the template "Callback request" to be delivered in 2 hours with:
      | PhoneNumber | +15555550177 |
    Then the task is waiting for its scheduled time
    And agent "Ana" is not offered the task
    When 1 hour passes
    Then agent "Ana" is not offered the task
    When 1 hour passes
    Then agent "Ana" is offered the task
    When agent "Ana" accepts the task
    Then agent "Ana" sees the task with:
      | field       | value                                | editable |
      | Name        | Call back Ms. Sato about her invoice | yes      |
      | Description | The customer asked to be called back | no       |
      | PhoneNumber | +15555550177                         | yes      |

  Scenario: A scheduled callback can be moved before it is delivered
    Given agent "Ana" is available
    And a caller from "+15555550123" calls "+15550100"
    And agent "Ana" accepts the call
    And a caller from "+15555550188" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    And the caller from "+15555550188" presses 3
    And a task was scheduled with:
      | scheduled in | 1 hour                       |
      | linked to    | the call from "+15555550188" |
    When the task is rescheduled to 3 hours from now
    And 1 hour passes
    Then agent "Ana" is not offered the task
    When 2 hours pass
    Then agent "Ana" is offered the task

  @critical
  Scenario: A delivered task cannot be rescheduled, and passing it on delivers it at once
    When a task "Call back Mr. Tanaka" is created from the template "Callback request" to be delivered in 1 hour with:
      | PhoneNumber | +15555550166 |
    And 1 hour passes
    And agent "Ana" becomes available
    And agent "Ana" accepts the task
    Then the task can no longer be rescheduled
    When agent "Ana" transfers the task with the quick connect "Callback team"
    Then agent "Ben" is offered the task
    And agent "Ana" is in after-contact work

  Scenario: An agent passes a delivered callback to the callback team's queue without a quick connect
    When a task "Call back Mr. Tanaka" is created from the template "Callback request" to be delivered in 1 hour with:
      | PhoneNumber | +15555550166 |
    And 1 hour passes
    And agent "Ana" becomes available
    And agent "Ana" accepts the task
    When agent "Ana" transfers the task to the queue "Callback team" through the flow "Callback transfer"
    Then agent "Ben" is offered the task
    And the contact is in the queue "Callback team"
    And agent "Ana" is in after-contact work

  Scenario: An agent hands a delivered callback straight to a colleague
    When a task "Call back Mr. Tanaka" is created from the template "Callback request" to be delivered in 1 hour with:
      | PhoneNumber | +15555550166 |
    And 1 hour passes
    And agent "Ana" becomes available
    And agent "Ana" accepts the task
    When agent "Ana" transfers the task to agent "Ben" through the flow "Callback handover to an agent"
    Then agent "Ben" is offered the task
    And agent "Ana" is in after-contact work

  Scenario: A quick connect whose flow plays audio cannot carry the task
    Given agent "Ana" is available
    When a task "Call back Mr. Tanaka" is created from the template "Callback request" to be delivered in 1 hour with:
      | PhoneNumber | +15555550166 |
    And 1 hour passes
    And agent "Ana" accepts the task
    And agent "Ana" transfers the task with the quick connect "Callback team (announced)"
    Then the transfer of the task fails
    And agent "Ana" still has the task
    And agent "Ben" is not offered the task
    And the "transferred task" went through the block "Announce the transfer"
