Feature: Chat timeouts with a supervisor monitoring
  An auto-disconnection takes every participant but the customer: the agent, and a
  supervisor monitoring the chat as well. Like the agent, the supervisor is not shown its
  own auto-disconnection. A supervisor who only listened leaves as unseen as it came; one
  who had barged in is announced like the agent.

  Background:
    Given the flows in "features/chat-timeouts/flows" are published
    And a queue "Support"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And a supervisor "Sam"
    And a customer starts a chat on the flow "Chat timeouts inbound"
    And the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    And agent "Ana" is available
    And agent "Ana" accepts the chat

  @critical
  Scenario: A monitoring supervisor is disconnected along with the agent
    When supervisor "Sam" monitors the chat
    And the customer stays silent for 4 minutes
    Then the customer receives the "auto-disconnection" event for the agent
    And agent "Ana" is in after-contact work
    And supervisor "Sam" has been disconnected
    And supervisor "Sam" has not received the "auto-disconnection" event
    And the customer has not received the "auto-disconnection" event for the supervisor
    And the customer has not seen supervisor "Sam"
    And the customer receives "The agent has left the chat"

  Scenario: A supervisor who barged in is disconnected too, and the customer is told
    When supervisor "Sam" monitors the chat
    And supervisor "Sam" barges in
    And supervisor "Sam" sends "Hello, I'm Sam, the team lead. Ana and I are here if you need us."
    And the customer stays silent for 4 minutes
    Then the customer receives the "auto-disconnection" event for the agent
    And the customer receives the "auto-disconnection" event for the supervisor
    And supervisor "Sam" has not received the "auto-disconnection" event
    And supervisor "Sam" has been disconnected
