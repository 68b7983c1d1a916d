Feature: Chat timeouts with a custom bot
  A custom bot joins a chat as a custom participant (CreateParticipant with the role
  CUSTOM_BOT) and talks over its own websocket. The chat timeouts run while the customer and
  the bot are both in the chat, as they do with an agent. When the customer stays quiet past
  the auto-disconnect timeout, the bot is disconnected: a flow waiting for the bot
  ("Bot participant disconnected") goes on from there; a flow waiting for the customer, or
  not waiting at all, just carries on without the bot.

  In "Helper bot chat" the start-helper-bot Lambda adds Helper to the chat and takes
  2 seconds; the scenarios add Helper themselves while it runs.

  Background:
    Given the flows in "features/chat-timeouts/flows" are published
    And a queue "Support"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And the Lambda "start-helper-bot" takes 2 seconds

  @critical
  Scenario: Helper is disconnected when the customer goes quiet, and the flow hands the chat to an agent
    When a customer starts a chat on the flow "Helper bot chat"
    And the customer receives "Our virtual assistant Helper will join you in a moment"
    And the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 3                          |
    And a custom bot "Helper" joins the chat
    And 2 seconds pass
    And the custom bot "Helper" sends "Hi, I'm Helper. What can I do for you?"
    Then the customer receives "Hi, I'm Helper"
    When the customer stays silent for 2 minutes
    Then the customer receives the "idle" event for the customer
    And the custom bot "Helper" receives the "idle" event for the customer
    And the custom bot "Helper" is still in the chat
    When the customer stays silent for 3 more minutes
    Then the customer receives the "auto-disconnection" event for the custom bot "Helper"
    And the custom bot "Helper" has not received the "auto-disconnection" event
    And the custom bot "Helper" has been disconnected
    And the customer receives "Helper has left the chat. Let me find an agent for you."
    When agent "Ana" is available
    And agent "Ana" accepts the chat
    And agent "Ana" sends "Hi, this is Ana. How can I help?"
    Then the customer receives "Hi, this is Ana"

  Scenario: The customer going idle does not end the flow's wait for Helper
    When a customer starts a chat on the flow "Helper bot chat"
    And the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 2                    |
    And a custom bot "Helper" joins the chat
    And 2 seconds pass
    And the customer stays silent for 2 minutes
    Then the customer receives the "idle" event for the customer
    And the custom bot "Helper" is still in the chat
    And the customer has not received "Helper has run out of time"
    When the custom bot "Helper" sends "Are you still there?"
    And the customer sends "Yes, sorry"
    Then the custom bot "Helper" receives the "returned" event for the customer
    When the custom bot "Helper" leaves the chat
    Then the customer receives "Helper has left the chat. Let me find an agent for you."

  Scenario: The flow's own time limit still ends the wait for Helper
    When a customer starts a chat on the flow "Helper bot chat"
    And the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 2                    |
    And a custom bot "Helper" joins the chat
    And 2 seconds pass
    And the customer stays silent for 2 minutes
    Then the customer receives the "idle" event for the customer
    When the customer stays silent for 8 more minutes
    Then the customer receives "Helper has run out of time. Let me find an agent for you."

  Scenario: A bot that joins while the chat waits in the queue just leaves when disconnected
    When a customer starts a chat on the flow "Chat timeouts inbound"
    And the customer receives "An agent will be with you shortly"
    And the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    And a custom bot "Helper" joins the chat
    And the custom bot "Helper" sends "While you wait: you can track your order at example.com/orders"
    And the customer stays silent for 4 minutes
    Then the customer receives the "auto-disconnection" event for the custom bot "Helper"
    And the custom bot "Helper" has been disconnected
    And the chat is still going
    And the customer has not received "The agent has left the chat"
    When agent "Ana" is available
    And agent "Ana" accepts the chat
    And agent "Ana" sends "Hi, this is Ana. Sorry for the wait."
    Then the customer receives "Sorry for the wait"

  Scenario: While the disconnect flow waits for the customer, a disconnected bot just leaves
    When a customer starts a chat on the flow "Chat timeouts inbound"
    And agent "Ana" is available
    And agent "Ana" accepts the chat
    And agent "Ana" leaves the chat
    Then the customer receives "If you send a message in the next 15 minutes, the chat will pick up where it left off"
    When the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    And a custom bot "Helper" joins the chat
    And the customer stays silent for 4 minutes
    Then the customer receives the "auto-disconnection" event for the custom bot "Helper"
    And the custom bot "Helper" has been disconnected
    And the customer has not received "Your session has expired"
    When the customer sends "I'm back, can someone help me?"
    Then the customer receives "Welcome back!"

  @critical
  Scenario: An auto-disconnection takes every participant but the customer
    When a customer starts a chat on the flow "Chat timeouts inbound"
    And the chat timeouts are set to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 2                          |
    And agent "Ana" is available
    And agent "Ana" accepts the chat
    And a custom bot "Helper" joins the chat
    And the customer stays silent for 4 minutes
    Then the customer receives the "auto-disconnection" event for the agent
    And the customer receives the "auto-disconnection" event for the custom bot "Helper"
    And agent "Ana" has not received the "auto-disconnection" event
    And the custom bot "Helper" has not received the "auto-disconnection" event
    And agent "Ana" is in after-contact work
    And the custom bot "Helper" has been disconnected
    And the customer receives "The agent has left the chat"
