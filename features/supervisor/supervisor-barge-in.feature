Feature: A supervisor joins a customer's chat
  A team lead can follow any chat an agent is handling without the customer or the agent
  being told (silent monitoring), and step into the conversation when it needs them (barge
  in). From then on everyone sees the team lead in the chat and reads what they write.

  Background:
    Given the flows in "features/supervisor/flows" are published
    And a queue "Support"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And a supervisor "Sam"
    And agent "Ana" is available
    And a customer starts a chat on the flow "Support chat - supervised"
    And agent "Ana" accepts the chat

  @critical
  Scenario: The supervisor follows the chat unseen, then barges in and the customer gets the message
    When supervisor "Sam" monitors the chat
    And the customer sends "I was charged twice for my order"
    And agent "Ana" sends "I'm sorry about that, let me check"
    Then supervisor "Sam" receives "I was charged twice for my order"
    And supervisor "Sam" receives "let me check"
    And the customer has not seen supervisor "Sam"
    When supervisor "Sam" barges in
    And supervisor "Sam" sends "Hi, I'm Sam, Ana's team lead. I have refunded the second charge."
    Then the customer sees supervisor "Sam" join the chat
    And the customer receives "I have refunded the second charge"
    And agent "Ana" receives "I have refunded the second charge"
    And the customer's chat transcript is:
      | from       | message                                                                  |
      | flow       | Thanks for contacting Example Corp. An agent will be with you shortly.   |
      | customer   | I was charged twice for my order                                         |
      | agent      | I'm sorry about that, let me check                                       |
      | supervisor | Hi, I'm Sam, Ana's team lead. I have refunded the second charge.         |

  Scenario: A supervisor who only listens leaves without the customer ever knowing
    When supervisor "Sam" monitors the chat
    And the customer sends "Thanks, that's all I needed"
    Then supervisor "Sam" receives "that's all I needed"
    When supervisor "Sam" stops monitoring
    Then supervisor "Sam" has been disconnected
    And the chat is still going
    And the customer has not seen supervisor "Sam"
