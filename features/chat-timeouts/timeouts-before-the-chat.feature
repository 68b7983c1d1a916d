Feature: Chat timeouts stated before the chat starts
  UpdateParticipantRoleConfig needs a chat to set the timeouts on, but a scenario may state
  them first: they are set as soon as the chat starts, before the customer or an agent has
  joined it, so they are in force from the first message.

  Scenario: Timeouts set before the chat are in force once the agent joins
    Given the flows in "features/chat-timeouts/flows" are published
    And a queue "Support"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 2                    |
    When a customer starts a chat on the flow "Chat timeouts inbound"
    And agent "Ana" is available
    And agent "Ana" accepts the chat
    And the customer stays silent for 2 minutes
    Then agent "Ana" receives the "idle" event for the customer
