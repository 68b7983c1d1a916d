Feature: Callback through a task from the customer queue
  Callers waiting in the Customer service queue are offered a callback instead of waiting.
  Pressing 2 makes the customer queue flow's Create task block raise a "Callback request"
  task from the task template: the template's read-only description tells the agent the
  customer wants a call back, and the phone number field holds the caller's number. The
  task runs its own flow, which routes it to the queue the caller waited in (passed as a
  task attribute, since a task does not inherit the call's attributes), and is linked to
  the call so it shows in contact search.

  Background:
    Given the flows in "features/callback/flows" are published
    And a queue "Customer service"
    And a routing profile "Customer service agents" for the queue "Customer service" with:
      | channel | concurrency | other channels at the same time |
      | voice   | 1           | yes                             |
      | tasks   | 1           | yes                             |
    And an agent "Ana" with the routing profile "Customer service agents"
    And a task template "Callback request" for the flow "Callback task" with the fields:
      | field       | type        | required | editable | default                              |
      | Name        | name        | yes      | yes      | Callback request                     |
      | Description | description | no       | no       | The customer asked to be called back |
      | PhoneNumber | text        | yes      | yes      |                                      |
    And the phone number "+1 555 0100" starts the flow "Callback inbound"

  @critical
  Scenario: The caller asks for a callback and an idle agent gets the task
    When a caller from "+15555550123" calls "+15550100"
    Then the caller hears "All of our agents are busy"
    When 30 seconds pass
    Then the caller hears "To have an agent call you back, press 2"
    When the caller presses 2
    Then the caller hears "Thank you. An agent will call you back at the number you are calling from."
    And the call ends
    And the caller heard, in order:
      | Thank you for calling Example Corp      |
      | All of our agents are busy              |
      | To have an agent call you back, press 2 |
      | Thank you. An agent will call you back  |
    And a task was created in the queue "Customer service" with:
      | name                          | Callback request                     |
      | description                   | The customer asked to be called back |
      | template                      | Callback request                     |
      | reference PhoneNumber         | +15555550123                         |
      | attribute CustomerPhoneNumber | +15555550123                         |
      | attribute CallbackStatus      | Waiting for an agent                 |
      | linked to                     | the call                             |
    When agent "Ana" becomes available
    Then agent "Ana" is offered the task
    When agent "Ana" accepts the task
    Then agent "Ana" sees the task with:
      | field       | value                                | editable |
      | Name        | Callback request                     | yes      |
      | Description | The customer asked to be called back | no       |
      | PhoneNumber | +15555550123                         | yes      |

  @critical
  Scenario: An agent on a call is offered the callback task at the same time
    Given agent "Ana" is available
    And a caller from "+15555550111" calls "+15550100"
    And agent "Ana" accepts the call
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    And the caller from "+15555550123" presses 2
    Then a task was created in the queue "Customer service" with:
      | reference PhoneNumber | +15555550123                  |
      | linked to             | the call from "+15555550123"  |
    And agent "Ana" is offered the task
    And agent "Ana" is still on the call
    When agent "Ana" accepts the task
    Then agent "Ana" is connected to the call and the task at the same time
    And agent "Ana" sees the task with:
      | field       | value                                | editable |
      | Description | The customer asked to be called back | no       |
      | PhoneNumber | +15555550123                         | yes      |

  Scenario: Without cross-channel concurrency the agent gets the task only after the call
    Given a routing profile "One channel at a time" for the queue "Customer service" with:
      | channel | concurrency | other channels at the same time |
      | voice   | 1           | no                              |
      | tasks   | 1           | no                              |
    And an agent "Kenji" with the routing profile "One channel at a time"
    And agent "Kenji" is available
    And a caller from "+15555550111" calls "+15550100"
    And agent "Kenji" accepts the call
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    And the caller from "+15555550123" presses 2
    Then a task was created in the queue "Customer service" with:
      | linked to | the call from "+15555550123" |
    But agent "Kenji" is not offered the task
    When the caller from "+15555550111" hangs up
    Then agent "Kenji" is not offered the task
    When agent "Kenji" completes after-contact work
    Then agent "Kenji" is offered the task

  Scenario: A caller who keeps their place in line is not called back
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    And the caller presses 1
    Then the caller is still waiting in the queue "Customer service"
    And the caller hears "All of our agents are busy" again
    And no task was created for the call

  Scenario: A caller who does not answer the offer stays in line
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    Then the caller hears "To have an agent call you back, press 2"
    When 5 seconds pass
    Then the caller is still waiting in the queue "Customer service"
    And the caller hears "All of our agents are busy" again
    And no task was created for the call

  Scenario: Callers wait in line in the order they called
    When a caller from "+15555550123" calls "+15550100"
    And a caller from "+15555550188" calls "+15550100"
    And the caller hears "All of our agents are busy"
    Then the contact is in the queue "Customer service"
    And the contact is at position 2 in the queue "Customer service"
    When the caller from "+15555550123" hangs up
    Then the contact is at position 1 in the queue "Customer service"

  Scenario: A caller who hangs up while waiting leaves the queue without a callback
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    When the caller hangs up
    Then the call ends
    And the contact has ended
    And no task was created for the call
