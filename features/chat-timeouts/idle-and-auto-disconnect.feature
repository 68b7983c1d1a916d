Feature: Idle and auto-disconnect timeouts in a chat with an agent
  When nobody writes for a while, the chat marks the quiet participant idle and, if an
  auto-disconnect timeout is set, disconnects the agent. The timeouts run only while the
  customer and an agent are both in the chat, from the moment the agent joins, with the
  settings in force at that moment. Everyone still in the chat is told when someone becomes
  idle, comes back, or is disconnected; these notices are not kept in the transcript.

  Background:
    Given the flows in "features/chat-timeouts/flows" are published
    And a queue "Support"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And a customer starts a chat on the flow "Chat timeouts inbound"
    And the customer receives "An agent will be with you shortly"

  @critical
  Scenario: A quiet customer is marked idle, then the agent is disconnected automatically
    Given the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 3                          |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And agent "Ana" sends "Hi, I'm Ana. How can I help you today?"
    And the customer receives "How can I help you today?"
    And the customer stays silent for 2 minutes
    Then the customer receives the "idle" event for the customer
    And agent "Ana" receives the "idle" event for the customer
    # The auto-disconnect timeout starts only once the customer is idle: 3 minutes from there.
    When the customer stays silent for 2 more minutes
    Then agent "Ana" is still in the chat
    When the customer stays silent for 1 more minute
    Then the customer receives the "auto-disconnection" event for the agent
    And agent "Ana" has not received the "auto-disconnection" event
    And agent "Ana" is in after-contact work
    And the customer receives "The agent has left the chat. If you send a message in the next 15 minutes"
    And the chat is still going
    And the chat transcript has none of the idle, returned or auto-disconnection events

  Scenario: An agent who stops answering is marked idle, then disconnected automatically
    Given the chat timeouts are set to:
      | role  | idle after (minutes) | disconnect after (minutes) |
      | agent | 3                    | 2                          |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And the customer sends "Hello, is anyone there?"
    And agent "Ana" stays idle for 3 minutes
    Then the customer receives the "idle" event for the agent
    And agent "Ana" receives the "idle" event for the agent
    When agent "Ana" stays idle for 2 more minutes
    Then the customer receives the "auto-disconnection" event for the agent
    And agent "Ana" has not received the "auto-disconnection" event
    And agent "Ana" is in after-contact work

  Scenario: With only an auto-disconnect timeout, it starts at once and nobody is marked idle
    Given the chat timeouts are set to:
      | role  | idle after (minutes) | disconnect after (minutes) |
      | agent | -                    | 4                          |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And agent "Ana" stays idle for 239 seconds
    Then agent "Ana" is still in the chat
    When agent "Ana" stays idle for 1 more second
    Then the customer receives the "auto-disconnection" event for the agent
    And no one in the chat has received the "idle" event

  Scenario: A message restarts its sender's idle timeout, and only the sender's
    Given the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 3                    |
      | agent    | 4                    |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And the customer stays silent for 2 minutes
    And the customer sends "Still here, I'm looking for my order number"
    And 2 more minutes pass
    Then the customer receives the "idle" event for the agent
    But the customer has not received the "idle" event for the customer
    When 1 more minute passes
    Then the customer receives the "idle" event for the customer

  @critical
  Scenario: An idle customer who writes again is back, and none of it is kept in the transcript
    Given the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 2                    |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And the customer stays silent for 2 minutes
    Then agent "Ana" receives the "idle" event for the customer
    When the customer sends "Sorry, I'm back"
    Then the customer receives the "returned" event for the customer
    And agent "Ana" receives the "returned" event for the customer
    And agent "Ana" receives "Sorry, I'm back"
    And the chat transcript has none of the idle, returned or auto-disconnection events

  Scenario: The disconnect flow takes over the customer after the agent is disconnected automatically
    Given the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    And agent "Ana" is available
    And an agent "Ben" with the routing profile "Support chat"
    When agent "Ana" accepts the chat
    And the customer stays silent for 4 minutes
    Then the customer receives the "auto-disconnection" event for the agent
    And the customer receives "If you send a message in the next 15 minutes, the chat will pick up where it left off"
    When the customer sends "Sorry, I was away. Are you still there?"
    Then the customer receives "Welcome back!"
    When agent "Ben" is available
    And agent "Ben" accepts the chat
    Then agent "Ben" receives "Sorry, I was away"

  Scenario: The disconnect flow closes the chat when the customer does not come back
    Given the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And the customer stays silent for 4 minutes
    Then the customer receives the "auto-disconnection" event for the agent
    When the customer stays silent for 15 more minutes
    Then the customer receives "Your session has expired"
    And the chat ends

  Scenario: No timeout runs while the customer waits in the queue without an agent
    Given the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    When the customer stays silent for 30 minutes
    Then no one in the chat has received the "idle" event
    When agent "Ana" is available
    And agent "Ana" accepts the chat
    And the customer stays silent for 2 minutes
    Then the customer receives the "idle" event for the customer

  Scenario: The timeouts stop when the agent leaves the chat
    Given the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 2                    |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And the customer stays silent for 1 minute
    And agent "Ana" leaves the chat
    Then the customer receives "The agent has left the chat"
    When the customer stays silent for 10 more minutes
    Then no one in the chat has received the "idle" event

  Scenario: The timeouts in force when the agent joined stay while the agent is in the chat
    Given the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 2                    |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 10                   |
    And the customer stays silent for 2 minutes
    Then the customer receives the "idle" event for the customer

  @critical
  Scenario: Timeouts changed during the chat apply to the next agent, after a transfer
    Given a quick connect "Transfer to Support" to the queue "Support"
    And an agent "Ben" with the routing profile "Support chat"
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    And the customer stays silent for 30 minutes
    Then no one in the chat has received the "idle" event
    And agent "Ana" is still in the chat
    When agent "Ana" transfers the contact with the quick connect "Transfer to Support"
    And agent "Ben" is available
    And agent "Ben" accepts the chat
    And the customer stays silent for 2 minutes
    Then the customer receives the "idle" event for the customer
    And agent "Ben" receives the "idle" event for the customer
    When the customer stays silent for 2 more minutes
    Then the customer receives the "auto-disconnection" event for the agent
    And agent "Ben" has not received the "auto-disconnection" event
    And agent "Ben" is in after-contact work

  Scenario: Removing the agent's timeouts keeps the customer's
    Given the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 3                    | -                          |
      | agent    | 2                    | 2                          |
    And the chat timeouts for the agent are removed
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And agent "Ana" stays idle for 3 minutes
    Then the customer receives the "idle" event for the customer
    But the customer has not received the "idle" event for the agent
    When agent "Ana" stays idle for 30 more minutes
    Then agent "Ana" is still in the chat
